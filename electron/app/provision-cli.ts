// Mass provisioning of kiosk tablets by IT staff: enrols each tablet with its one-time code and writes a
// complete data folder (store, data key, admin/staff PIN), exactly as the setup screen would leave it.
//
//   One tablet (run on the tablet, e.g. from an MDM script):
//     JEJAK_ADMIN_PIN=482915 npm run provision -- --server https://jejak.bogorkota.go.id --code ABCD-EFGH-JKMN --data /var/lib/jejak
//   Many tablets (prepare one data folder per tablet, shipped with the image):
//     JEJAK_ADMIN_PIN=482915 npm run provision -- --server https://... --batch codes.csv --out-dir ./provisioned
//   codes.csv: one `name,code` per line (a header line `name,code` is allowed).
//
// The PINs come from the environment (JEJAK_ADMIN_PIN required, JEJAK_STAFF_PIN optional), not from the
// command line, where every user of the machine could read them in the process list.
//
// A folder is either complete or absent: a new folder is built under a temporary name beside it and
// renamed into place only after enrolment and the PINs succeeded; an existing folder gets back exactly
// the files it had. The app opens the folder with JEJAK_DATA_DIR=<folder> JEJAK_KEY_FILE=<folder>/data.key.
//
// Prints one line per device (OK / the reason it failed, in Bahasa Indonesia and English) and exits 1
// if any failed (2 for bad arguments). With --json, the last line is {"ok":N,"failed":N,"devices":[...]}.
//
// This file is a composition root: it opens the kiosk store and hands it to the sync agent's enrolment,
// so it lives with the kiosk app (electron/app), not in sync/agent (which knows only its ports).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmdirSync, rmSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { enrol, normaliseServerUrl, ProvisioningError } from '../../sync/agent/enrol';
import { ProvisionArgs } from '../contract/kiosk-api';
import { hashKioskPins } from '../kiosk/pin';
import { fileSettings } from '../kiosk/settings-file';
import { FileKeyStore, openKioskStore } from '../store/index';
import type { Bilingual } from '../../sync/protocol/bilingual';

/** The files a data folder holds; on a failure in an existing folder, those it did not have are removed. */
export const DATA_FILES = ['kiosk.db', 'kiosk.db-wal', 'kiosk.db-shm', 'kiosk.db-journal', 'data.key', 'kiosk-settings.json', 'kiosk-settings.json.tmp'] as const;
export const SETTINGS_FILE = 'kiosk-settings.json';
export const KEY_FILE = 'data.key';

interface Args {
  server: string;
  /** --fallback-server, repeatable: other URLs of the same city server, tried when --server cannot be reached */
  fallbackServers: string[];
  code?: string;
  data?: string;
  batch?: string;
  outDir?: string;
  ca?: string;
  name?: string;
  json: boolean;
  force: boolean;
}

export interface Pins {
  adminPin: string;
  staffPin?: string;
}

const USAGE = `usage (the PINs come from the environment: JEJAK_ADMIN_PIN required, JEJAK_STAFF_PIN optional, 4–8 digits):
  provision-cli --server URL [--fallback-server URL]... --code CODE --data DIR [--name NAME] [--ca ca.pem] [--force] [--json]
  provision-cli --server URL [--fallback-server URL]... --batch codes.csv --out-dir DIR [--ca ca.pem] [--force] [--json]
    --fallback-server  another URL of the same city server (several server processes); the kiosk moves to
             it when --server cannot be reached, and back after 5 minutes (repeat for more)
    --name   the device name the city server lists (default: the folder's name; in a batch, the name column)
    --force  re-enrol a folder that is already enrolled (a new device identity; its visits stay)`;

export function parseArgs(argv: string[]): Args | string {
  const a: Partial<Args> & { json: boolean; force: boolean; fallbackServers: string[] } = { json: false, force: false, fallbackServers: [] };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const v = (): string => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${k} needs a value`);
      return x;
    };
    try {
      if (k === '--server') a.server = v();
      else if (k === '--fallback-server') a.fallbackServers.push(v());
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
  if (a.batch && a.name) return `--name is for one tablet; in a batch the name column names each\n${USAGE}`;
  return a as Args;
}

/** The PINs from the environment, checked as the setup screen checks them, before any code is spent. */
export function readPins(env: NodeJS.ProcessEnv): Pins | string {
  const admin = env.JEJAK_ADMIN_PIN;
  const staff = env.JEJAK_STAFF_PIN;
  const pin = ProvisionArgs.shape.adminPin;
  if (!admin) return 'JEJAK_ADMIN_PIN wajib diisi (PIN admin tablet, 4–8 angka) / JEJAK_ADMIN_PIN is required (the tablet\'s admin PIN, 4–8 digits)';
  if (!pin.safeParse(admin).success) return 'JEJAK_ADMIN_PIN harus 4–8 angka / JEJAK_ADMIN_PIN must be 4–8 digits';
  if (staff !== undefined && staff !== '' && !pin.safeParse(staff).success) return 'JEJAK_STAFF_PIN harus 4–8 angka / JEJAK_STAFF_PIN must be 4–8 digits';
  return { adminPin: admin, ...(staff ? { staffPin: staff } : {}) };
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
  message?: Bilingual;
  dataDir: string;
}

/** The highest folder on the way to `dir` that does not exist yet (null: `dir` exists). */
function firstMissing(dir: string): string | null {
  let missing: string | null = null;
  for (let d = dir; !existsSync(d); d = path.dirname(d)) {
    missing = d;
    if (path.dirname(d) === d) break;
  }
  return missing;
}

/** Removes the folders this run created on the way to `from`, innermost first, as long as they are empty. */
function removeEmptyUpTo(from: string, top: string): void {
  for (let d = from; ; d = path.dirname(d)) {
    if (!existsSync(d) || readdirSync(d).length > 0) return;
    rmdirSync(d);
    if (d === top || path.dirname(d) === d) return;
  }
}

export async function provisionOne(server: string, code: string, dataDir: string, opts: Pins & { name?: string; ca?: string | Buffer; force?: boolean; fallbackServers?: string[] }): Promise<DeviceOutcome> {
  const target = path.resolve(dataDir);
  // Checked with the same rules as --server before anything is made or a code is spent.
  let fallbacks: string[];
  try {
    fallbacks = (opts.fallbackServers ?? []).map((u) => normaliseServerUrl(u));
  } catch (err) {
    if (err instanceof ProvisioningError) return { name: opts.name ?? path.basename(target), ok: false, error: err.code, message: err.messages, dataDir: target };
    throw err;
  }
  const name = opts.name ?? path.basename(target);
  const existed = existsSync(target);
  // A new folder is built under a temporary name in the same parent and renamed into place at the end.
  const createdTop = existed ? null : firstMissing(path.dirname(target));
  let work = target;
  let hadBefore: Set<string> = new Set();
  if (existed) hadBefore = new Set(DATA_FILES.filter((f) => existsSync(path.join(target, f))));
  else {
    mkdirSync(path.dirname(target), { recursive: true });
    work = mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.provisioning-`));
  }
  const undo = (): void => {
    if (!existed) {
      rmSync(work, { recursive: true, force: true });
      if (createdTop) removeEmptyUpTo(path.dirname(target), createdTop);
    } else {
      for (const f of DATA_FILES) if (!hadBefore.has(f)) rmSync(path.join(target, f), { force: true });
    }
  };

  let store: ReturnType<typeof openKioskStore> | null = null;
  try {
    store = openKioskStore({ path: path.join(work, 'kiosk.db'), keyStore: new FileKeyStore(path.join(work, KEY_FILE)), clock: { now: () => new Date() } });
    const r = await enrol(store, server, code, {
      deviceName: name,
      ...(opts.ca ? { ca: opts.ca } : {}),
      ...(opts.force ? { force: true } : {}),
      appVersion: 'provision-cli',
    });
    if (fallbacks.length > 0) store.updateDeviceSettings({ fallbackServerUrls: fallbacks });
    // The same settings the setup screen saves; a re-enrolled folder keeps its chosen camera.
    const settings = fileSettings(path.join(work, SETTINGS_FILE));
    settings.save({ ...settings.load(), ...hashKioskPins(opts.adminPin, opts.staffPin), gateName: r.gateName });
    store.appendAudit({ actor: 'admin', action: 'device.provision', target: r.deviceId, detail: { venueId: r.venueId, gateId: r.gateId, by: 'provision-cli' } });
    store.close();
    store = null;
    if (!existed) renameSync(work, target);
    return { name, ok: true, deviceId: r.deviceId, venue: r.venueName, gate: r.gateId, dataDir: target };
  } catch (err) {
    try {
      store?.close();
    } finally {
      undo();
    }
    if (err instanceof ProvisioningError) return { name, ok: false, error: err.code, message: err.messages, dataDir: target };
    return { name, ok: false, error: 'INTERNAL', message: { id: 'Kesalahan tak terduga', en: (err as Error).message }, dataDir: target };
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(args);
    return 2;
  }
  const pins = readPins(process.env);
  if (typeof pins === 'string') {
    console.error(pins);
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
    const r = await provisionOne(args.server, j.code, j.dataDir, { ...pins, name: j.name, ...(ca ? { ca } : {}), force: args.force, fallbackServers: args.fallbackServers });
    results.push(r);
    const where = `[${i + 1}/${jobs.length}] ${j.name}`;
    if (r.ok) console.log(`${where}: OK device ${r.deviceId} venue "${r.venue}" gate ${r.gate}, admin PIN${pins.staffPin && pins.staffPin !== pins.adminPin ? ' + staff PIN' : ''} set → ${r.dataDir}`);
    else console.log(`${where}: GAGAL/FAILED ${r.error} — ${r.message?.id} / ${r.message?.en} (nothing written)`);
  }
  const ok = results.filter((r) => r.ok).length;
  console.log(`${ok} provisioned, ${results.length - ok} failed`);
  if (ok > 0) console.log('Start the kiosk on the tablet with JEJAK_DATA_DIR=<folder> JEJAK_KEY_FILE=<folder>/data.key');
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
