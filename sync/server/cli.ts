// Admin CLI: `npm run server -- <command> [options]`. Global options: --data-dir (or JEJAK_SERVER_DATA,
// default ./.jejak/city-server) and --pg-url (or JEJAK_SERVER_PG_URL) to use PostgreSQL instead of SQLite,
// with --pg-schema (or JEJAK_SERVER_PG_SCHEMA) as the server's schema.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AdminError, traceToCsv } from './admin';
import { safeLines, safeText } from './cli-text';
import { traceSummary } from './trace-summary';
import { formatWib, parseWibInput } from '../protocol/wib-time';
import type { CityAdmin } from './admin';
import { runServer, serverOptionsFromArgs } from './main';
import { openCity, openCityStore } from './server';
import { CONSOLE_ROLES, ROLES } from '../protocol/console/roles';
import type { ConsoleRole } from '../protocol/console/roles';
import { ConsoleAccounts } from './console/accounts';
import { CLI_ACTOR } from './console/audit';
import { ApiError } from './http/errors';
import { reasonMessage } from '../protocol/api/reasons';
import type { ServerStore } from './store/types';

const USAGE = `Jejak city server — admin CLI

  npm run server -- start [--port 8080] [--host 127.0.0.1]
  npm run server -- create-venue --name NAME --address ADDRESS --capacity N [--region 3271] [--dwell-minutes 180]
  npm run server -- create-gate --venue VENUE_ID --name NAME [--direction ENTRY|EXIT|BOTH]
  npm run server -- enrolment-code --gate GATE_ID [--ttl-hours 24]
  npm run server -- revoke-device --device DEVICE_ID
  npm run server -- import-risk --file dinkes.csv            (CSV: nik,status,valid_until)
  npm run server -- republish-risk                           (the current list again, as a new signed version)
  npm run server -- register-person --nik NIK --name NAME --selfie selfie.jpg [--allow-duplicate-face]
                                                             (a face already registered under another NIK is refused;
                                                             the flag registers it anyway, e.g. twins seen with both KTPs: audited)
  npm run server -- issue-qr --nik NIK --out pass.png|pass.svg
  npm run server -- trace --nik NIK [--from DATE] [--to DATE] [--margin-minutes 15] [--dwell-minutes 60] [--format text|json|csv] [--out FILE]
  npm run server -- alerts [--since DATE]
  npm run server -- fleet
  npm run server -- pending                                  (registrations made at kiosks)
  npm run server -- approve-pending --id ID
  npm run server -- venues
  npm run server -- rotate-key
  npm run server -- admin-token                              (deprecated: the legacy key; use console API keys)
  npm run server -- create-user --username NAME --name "Full Name" [--role city-admin] [--agency diskominfo] [--venues ID,ID]
                                                             (console account; prints a generated password once)

Global: --data-dir DIR (env JEJAK_SERVER_DATA, default ./.jejak/city-server), --pg-url URL (env JEJAK_SERVER_PG_URL),
        --pg-schema NAME (env JEJAK_SERVER_PG_SCHEMA, default public)
Times: shown in WIB (9 Des 2026 23.59 WIB); JSON and CSV keep ISO 8601 (UTC). A DATE you type is
        2026-12-09 (midnight WIB), 2026-12-09 08:30 (WIB) or ISO with an offset (2026-12-09T08:30:00+07:00).`;

type Values = Record<string, string | undefined>;
type Flags = Record<string, string | boolean | undefined>;

const COMMON = { 'data-dir': { type: 'string' }, 'pg-url': { type: 'string' }, 'pg-schema': { type: 'string' } } as const;
const OPTIONS: Record<string, Record<string, { type: 'string' | 'boolean' }>> = {
  'create-venue': { name: { type: 'string' }, address: { type: 'string' }, capacity: { type: 'string' }, region: { type: 'string' }, 'dwell-minutes': { type: 'string' } },
  'create-gate': { venue: { type: 'string' }, name: { type: 'string' }, direction: { type: 'string' } },
  'enrolment-code': { gate: { type: 'string' }, 'ttl-hours': { type: 'string' } },
  'revoke-device': { device: { type: 'string' } },
  'import-risk': { file: { type: 'string' } },
  'republish-risk': {},
  'register-person': { nik: { type: 'string' }, name: { type: 'string' }, selfie: { type: 'string' }, 'allow-duplicate-face': { type: 'boolean' } },
  'issue-qr': { nik: { type: 'string' }, out: { type: 'string' } },
  trace: { nik: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, 'margin-minutes': { type: 'string' }, 'dwell-minutes': { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  alerts: { since: { type: 'string' } },
  fleet: {},
  venues: {},
  pending: {},
  'approve-pending': { id: { type: 'string' } },
  'rotate-key': {},
  'create-user': { username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, agency: { type: 'string' }, venues: { type: 'string' } },
  'admin-token': {},
};

class UsageError extends Error {}

function need(v: Values, key: string): string {
  const x = v[key];
  if (x === undefined || x === '') throw new UsageError(`--${key} is required`);
  return x;
}
function int(v: Values, key: string, fallback?: number): number | undefined {
  const x = v[key];
  if (x === undefined) return fallback;
  if (!/^\d+$/.test(x)) throw new UsageError(`--${key} must be a whole number, got "${x}"`);
  return Number(x);
}
function time(v: Values, key: string): number | undefined {
  const x = v[key];
  if (x === undefined) return undefined;
  const t = parseWibInput(x);
  if (t === null) throw new UsageError(`--${key} must be a date like 2026-11-01, 2026-11-01 08:30 (WIB) or 2026-11-01T08:30:00+07:00, got "${x}"`);
  return t;
}

// Every line printed goes through safeText(): fields come from devices and operators' files (see cli-text.ts).
const out = (line: string) => process.stdout.write(`${safeText(line)}\n`);
const err = (line: string) => process.stderr.write(`${safeText(line)}\n`);
const progress = (line: string) => err(`… ${line}`);

async function runCommand(cmd: string, v: Values, admin: CityAdmin): Promise<number> {
  switch (cmd) {
    case 'create-venue': {
      const venue = await admin.createVenue({ name: need(v, 'name'), address: need(v, 'address'), capacity: int(v, 'capacity')!, region: v.region, dwellMinutes: int(v, 'dwell-minutes') });
      out(`venue created: ${venue.id}  (${venue.name}, capacity ${venue.capacity}, region ${venue.region})`);
      out(`next: npm run server -- create-gate --venue ${venue.id} --name "Pintu Utama"`);
      return 0;
    }
    case 'create-gate': {
      const direction = (v.direction ?? 'ENTRY').toUpperCase();
      if (!['ENTRY', 'EXIT', 'BOTH'].includes(direction)) throw new UsageError('--direction must be ENTRY, EXIT or BOTH');
      const gate = await admin.createGate({ venueId: need(v, 'venue'), name: need(v, 'name'), direction: direction as 'ENTRY' });
      out(`gate created: ${gate.id}  (${gate.name}, ${gate.direction})`);
      out(`next: npm run server -- enrolment-code --gate ${gate.id}`);
      return 0;
    }
    case 'enrolment-code': {
      const c = await admin.createEnrolmentCode(need(v, 'gate'), int(v, 'ttl-hours'));
      out(`enrolment code: ${c.code}`);
      out(`for venue ${c.venueId}, gate ${c.gateId}; single use; expires ${formatWib(c.expiresAt)}`);
      return 0;
    }
    case 'revoke-device':
      await admin.revokeDevice(need(v, 'device'));
      out(`device ${v.device} revoked: its requests are refused from now on`);
      return 0;
    case 'import-risk': {
      const file = need(v, 'file');
      const r = await admin.importRiskCsv(readFileSync(file, 'utf8'), progress);
      if (!r.ok) {
        err(`${file} refused, nothing applied. ${r.errors.length} bad line(s):`);
        for (const e of r.errors) err(`  line ${e.line}: ${e.code} — ${e.message.id} / ${e.message.en}`);
        return 1;
      }
      const s = r.summary;
      out(`risk list version ${s.version} published: ${s.entryCount} entries (+${s.added} added, ${s.changed} changed, -${s.removed} removed), ${s.snapshotChunks} chunk(s), digest ${s.setDigest.slice(0, 16)}…`);
      return 0;
    }
    case 'republish-risk': {
      const s = await admin.republishRisk(progress);
      out(`risk list version ${s.version} published again: ${s.entryCount} entries (same as version ${s.previousVersion}), ${s.snapshotChunks} chunk(s), digest ${s.setDigest.slice(0, 16)}…`);
      return 0;
    }
    case 'register-person': {
      const allowDuplicateFace = (v as Flags)['allow-duplicate-face'] === true;
      const reg = await admin.registerPerson({ nik: need(v, 'nik'), name: need(v, 'name'), selfie: readFileSync(need(v, 'selfie')), allowDuplicateFace }, progress);
      if (reg.duplicateOf) out(`note: the same face is registered as ${reg.duplicateOf}; registered anyway (--allow-duplicate-face, audited)`);
      out(`registered: ${reg.rid} (${reg.templateCount} face template(s), region ${reg.region})`);
      out(`next: npm run server -- issue-qr --nik <NIK> --out pass.png`);
      return 0;
    }
    case 'issue-qr': {
      const file = need(v, 'out');
      const ext = path.extname(file).toLowerCase();
      if (ext !== '.png' && ext !== '.svg') throw new UsageError('--out must end in .png or .svg');
      const qr = await admin.issueQr(need(v, 'nik'), ext === '.svg' ? 'svg' : 'png');
      // A pass carries the NIK and name: owner-only, also when it replaces an older file.
      writeFileSync(file, qr.image, { mode: 0o600 });
      chmodSync(file, 0o600);
      out(`QR credential for ${qr.rid} written to ${file} (valid until ${formatWib(qr.expiresAt)})`);
      return 0;
    }
    case 'trace': {
      // People read the summary; --format json|csv is for tools and spreadsheets (ISO times, every row).
      const format = v.format ?? 'text';
      if (format !== 'text' && format !== 'json' && format !== 'csv') throw new UsageError('--format must be text, json or csv');
      const t = await admin.trace({ nik: need(v, 'nik'), from: time(v, 'from'), to: time(v, 'to'), marginMinutes: int(v, 'margin-minutes'), dwellMinutes: int(v, 'dwell-minutes') });
      const text = format === 'csv' ? traceToCsv(t) : format === 'json' ? `${JSON.stringify(t, null, 2)}\n` : traceSummary(t);
      if (v.out) {
        writeFileSync(v.out, text, { mode: 0o600 });
        chmodSync(v.out, 0o600);
        out(`${t.visits.length} visit(s), ${t.contacts.length} contact(s) written to ${v.out}`);
      } else process.stdout.write(safeLines(text));
      return 0;
    }
    case 'alerts': {
      const alerts = await admin.alerts(time(v, 'since') ?? 0);
      if (alerts.length === 0) out('no alerts');
      for (const a of alerts) out(`${formatWib(a.occurredAt)}  ${a.riskStatus.padEnd(9)}  ${a.venueName ?? a.venueId} / ${a.gateId}  visit ${a.visitId}  person ${a.nikHash.slice(0, 12)}…  (received ${formatWib(a.receivedAt)})`);
      return 0;
    }
    case 'fleet': {
      const devices = await admin.fleet();
      if (devices.length === 0) out('no devices enrolled');
      for (const d of devices) {
        const hb = d.heartbeat;
        out(`${d.status.padEnd(10)} ${d.deviceId}  ${d.venueName} / ${d.gateId}  last seen ${d.lastSeenAt ? formatWib(d.lastSeenAt) : 'never'}  queue ${hb?.queueDepth ?? '-'}  risk v${hb?.riskListVersion ?? '-'}  app ${hb?.appVersion ?? '-'}${d.problems.length ? `  (${d.problems.join('; ')})` : ''}`);
      }
      return 0;
    }
    case 'pending': {
      const list = await admin.pendingRegistrations();
      if (list.length === 0) out('no pending registrations');
      for (const p of list) out(`${p.id}  from device ${p.deviceId}  region ${p.region}  received ${formatWib(p.receivedAt)}${p.alreadyRegistered ? '  (person already registered: adds a template)' : ''}`);
      return 0;
    }
    case 'approve-pending': {
      const reg = await admin.approvePending(need(v, 'id'));
      out(`approved: registration ${reg.rid} (now in the registrations feed of region ${reg.region})`);
      return 0;
    }
    case 'venues': {
      for (const venue of await admin.store.listVenues()) {
        const gates = await admin.store.listGates(venue.id);
        out(`${venue.id}  ${venue.name} (capacity ${venue.capacity}, region ${venue.region}) gates: ${gates.map((g) => g.id).join(', ') || '-'}`);
      }
      return 0;
    }
    case 'rotate-key':
      out(`new active signing key: ${admin.rotateKey()} (older keys stay valid until retired; kiosks get it at enrolment)`);
      return 0;
    case 'admin-token':
      out(admin.keys.adminToken);
      return 0;
    default:
      throw new UsageError(`unknown command "${cmd}"`);
  }
}

/** The first city-admin (and any account): the password is generated and printed once, never typed on a command line. */
async function createUser(v: Values, accounts: ConsoleAccounts, adminToken: string): Promise<number> {
  const role = (v.role ?? 'city-admin') as ConsoleRole;
  if (!CONSOLE_ROLES.includes(role)) throw new UsageError(`--role must be one of ${CONSOLE_ROLES.join(', ')}`);
  const agencyId = v.agency ?? (role === 'city-admin' ? 'diskominfo' : role === 'health' ? 'dinkes' : null);
  const username = need(v, 'username').toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{2,39}$/.test(username)) throw new UsageError('--username: 3–40 of a–z 0–9 . _ -');
  await accounts.ensureDefaults(adminToken);
  const r = await accounts.createUser({ username, displayName: need(v, 'name'), role, agencyId, venueIds: v.venues ? v.venues.split(',').map((x) => x.trim()).filter(Boolean) : [] }, CLI_ACTOR);
  out(`account created: ${r.user.username}  (${ROLES[role].label.en}${r.user.agencyId ? `, ${r.user.agencyId}` : ''})`);
  out(`password (shown once; keep it safe): ${r.generatedPassword!}`);
  out('log in at <server>/console/');
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return cmd ? 0 : 2;
  }
  if (cmd === 'start') {
    await runServer(serverOptionsFromArgs(rest));
    return -1;
  }
  let store: ServerStore | null = null;
  try {
    const spec = OPTIONS[cmd];
    if (!spec) throw new UsageError(`unknown command "${cmd}"`);
    const { values } = parseArgs({ args: rest, options: { ...COMMON, ...spec }, strict: true, allowPositionals: false });
    const v = values as Values;
    const dataDir = v['data-dir'] ?? process.env.JEJAK_SERVER_DATA;
    const pgUrl = v['pg-url'] ?? process.env.JEJAK_SERVER_PG_URL;
    // The same schema the server uses (main.ts): without it the commands would act on `public`.
    const pgSchema = v['pg-schema'] ?? process.env.JEJAK_SERVER_PG_SCHEMA;
    store = await openCityStore({ dataDir, pgUrl, pgSchema });
    const city = openCity({ dataDir, pgUrl, pgSchema }, store);
    if (cmd === 'create-user') return await createUser(v, new ConsoleAccounts(store, city.clock, city.config, city.keys.dataKey), city.keys.adminToken);
    return await runCommand(cmd, v, city.admin);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`${(e as Error).message}`);
      process.stderr.write(`\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof ApiError) {
      const m = reasonMessage(e.code);
      err(`${e.code}: ${m.id} / ${m.en}${e.details ? ` (${e.details.map((d) => `${d.path}: ${d.message}`).join('; ')})` : ''}`);
      return 1;
    }
    if (e instanceof AdminError) {
      err(`${e.code}: ${e.bilingual.id} / ${e.bilingual.en}`);
      return 1;
    }
    err(`failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await store?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e: unknown) => {
    err(`failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
