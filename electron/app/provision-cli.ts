// Mass provisioning of kiosk tablets by IT staff.
//
//   One tablet (run on the tablet, e.g. from an MDM script):
//     tsx electron/app/provision-cli.ts --server https://jejak.bogorkota.go.id --code ABCD-EFGH-JKMN --data /var/lib/jejak
//   Many tablets (prepare one data folder per tablet, shipped with the image):
//     tsx electron/app/provision-cli.ts --server https://... --batch codes.csv --out-dir ./provisioned
//   codes.csv: one `name,code` per line (a header line `name,code` is allowed).
//
// Prints one line per device (OK / the reason it failed, in Bahasa Indonesia and English) and exits 1
// if any failed. With --json, the last line is {"ok":N,"failed":N,"devices":[...]}.
//
// This file is a composition root: it opens the kiosk store and hands it to the sync agent's enrolment,
// so it lives with the kiosk app (electron/app), not in sync/agent (which knows only its ports).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { enrol, ProvisioningError } from '../../sync/agent/enrol';
import type { SyncStorePort } from '../../sync/agent/ports';
import { FileKeyStore, openKioskStore } from '../store/index';

interface Args {
  server: string;
  code?: string;
  data?: string;
  batch?: string;
  outDir?: string;
  ca?: string;
  name?: string;
  json: boolean;
  force: boolean;
}

const USAGE = `usage:
  provision-cli --server URL --code CODE --data DIR [--name NAME] [--ca ca.pem] [--force] [--json]
  provision-cli --server URL --batch codes.csv --out-dir DIR [--ca ca.pem] [--json]`;

export function parseArgs(argv: string[]): Args | string {
  const a: Partial<Args> & { json: boolean; force: boolean } = { json: false, force: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const v = (): string => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${k} needs a value`);
      return x;
    };
    try {
      if (k === '--server') a.server = v();
      else if (k === '--code') a.code = v();
      else if (k === '--data') a.data = v();
      else if (k === '--batch') a.batch = v();
      else if (k === '--out-dir') a.outDir = v();
      else if (k === '--ca') a.ca = v();
      else if (k === '--name') a.name = v();
      else if (k === '--json') a.json = true;
      else if (k === '--force') a.force = true;
      else return `unknown option ${k}\n${USAGE}`;
    } catch (e) {
      return `${(e as Error).message}\n${USAGE}`;
    }
  }
  if (!a.server) return `--server is required\n${USAGE}`;
  if (a.batch ? !a.outDir : !(a.code && a.data)) return USAGE;
  return a as Args;
}

export function parseCodesCsv(text: string): { name: string; code: string; line: number }[] | string {
  const out: { name: string; code: string; line: number }[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [name, code, ...rest] = line.split(',').map((s) => s.trim());
    if (i === 0 && name?.toLowerCase() === 'name' && code?.toLowerCase() === 'code') continue;
    if (!name || !code || rest.length) return `line ${i + 1}: expected "name,code"`;
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) return `line ${i + 1}: name must be 1–64 of A–Z a–z 0–9 _ . -`;
    out.push({ name, code, line: i + 1 });
  }
  return out;
}

export interface DeviceOutcome {
  name: string;
  ok: boolean;
  deviceId?: string;
  venue?: string;
  gate?: string;
  error?: string;
  message?: { id: string; en: string };
  dataDir: string;
}

function openStore(dataDir: string): SyncStorePort & { close(): void } {
  return openKioskStore({
    path: path.join(dataDir, 'kiosk.db'),
    keyStore: new FileKeyStore(path.join(dataDir, 'data.key')),
    clock: { now: () => new Date() },
  });
}

export async function provisionOne(server: string, code: string, dataDir: string, opts: { name?: string; ca?: string | Buffer; force?: boolean }): Promise<DeviceOutcome> {
  const name = opts.name ?? path.basename(dataDir);
  const store = openStore(dataDir);
  try {
    const r = await enrol(store, server, code, {
      ...(opts.name ? { deviceName: opts.name } : {}),
      ...(opts.ca ? { ca: opts.ca } : {}),
      ...(opts.force ? { force: true } : {}),
      appVersion: 'provision-cli',
    });
    return { name, ok: true, deviceId: r.deviceId, venue: r.venueName, gate: r.gateId, dataDir };
  } catch (err) {
    if (err instanceof ProvisioningError) return { name, ok: false, error: err.code, message: err.messages, dataDir };
    return { name, ok: false, error: 'INTERNAL', message: { id: 'Kesalahan tak terduga', en: (err as Error).message }, dataDir };
  } finally {
    store.close();
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(args);
    return 2;
  }
  const ca = args.ca ? readFileSync(args.ca) : undefined;
  const jobs: { name: string; code: string; dataDir: string }[] = [];
  if (args.batch) {
    const parsed = parseCodesCsv(readFileSync(args.batch, 'utf8'));
    if (typeof parsed === 'string') {
      console.error(`${args.batch}: ${parsed}`);
      return 2;
    }
    for (const p of parsed) jobs.push({ name: p.name, code: p.code, dataDir: path.join(args.outDir!, p.name) });
  } else {
    jobs.push({ name: args.name ?? path.basename(path.resolve(args.data!)), code: args.code!, dataDir: args.data! });
  }
  const results: DeviceOutcome[] = [];
  for (const [i, j] of jobs.entries()) {
    const r = await provisionOne(args.server, j.code, j.dataDir, { name: j.name, ...(ca ? { ca } : {}), force: args.force });
    results.push(r);
    const where = `[${i + 1}/${jobs.length}] ${j.name}`;
    if (r.ok) console.log(`${where}: OK device ${r.deviceId} venue "${r.venue}" gate ${r.gate} → ${r.dataDir}`);
    else console.log(`${where}: GAGAL/FAILED ${r.error} — ${r.message?.id} / ${r.message?.en}`);
  }
  const ok = results.filter((r) => r.ok).length;
  console.log(`${ok} provisioned, ${results.length - ok} failed`);
  if (args.json) console.log(JSON.stringify({ ok, failed: results.length - ok, devices: results.map(({ message: _m, ...r }) => r) }));
  return ok === results.length ? 0 : 1;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (invokedDirectly) {
  main().then((code) => process.exit(code), (err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
