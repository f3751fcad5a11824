// Bench `console` (issue 11): the city console under a city's load, the server in its own process,
// on SQLite and PostgreSQL.
// - Dashboard summary (GET /v1/console/overview, the sector and venue-manager home page) for 1,000
//   venues / 3,000 kiosks / 1,000,000 visits today, as a logged-in console user over HTTP on 127.0.0.1:
//   `console_summary_p95_ms_<backend>`; floor: the same SQL the route runs, straight through
//   better-sqlite3 / node-postgres (no HTTP, no JSON, no auth). `console_summary_p95_ms` = the worse backend.
// - Alert fan-out: 50 Dinkes officers logged in, each with the alerts stream open (SSE); an enrolled kiosk
//   (DeviceClient keys, signed upload) sends a DENY of a CONFIRMED person; time from the upload leaving
//   the kiosk to each stream receiving it: `alert_fanout_p95_ms_<backend>`; floor: the same upload with one
//   stream open (no fan-out).
// - Server RSS with the 50 consoles connected: `console_rss_mb_<backend>`; floor: the same process's RSS
//   just before they connected.
// Seeding: venues, console users and enrolment codes through the store and the accounts module; gates,
// devices (with heartbeats), visits and their hourly counters by batch SQL (the 1M visits would take
// minutes through HTTP; the counters by the same aggregate as the migration's backfill).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { Heartbeat } from '../../../sync/protocol/api/heartbeat';
import { wibDayStart } from '../../../sync/protocol/wib-time';
import { ConsoleAccounts } from '../../../sync/server/console/accounts';
import { DEFAULT_AGENCIES, VENUE_CATEGORIES } from '../../../sync/protocol/console/roles';
import { CLI_ACTOR } from '../../../sync/server/console/audit';
import { DeviceClient, enrolDevice } from '../../../sync/server/device-client';
import { openCity, openCityStore, SQLITE_FILE } from '../../../sync/server/server';
import { VENUE_ACTIVITY_SQLITE } from '../../../sync/server/store/sqlite/sqlite-store';
import { VENUE_ACTIVITY_POSTGRES } from '../../../sync/server/store/postgres/postgres-store';
import { postgresUrl } from '../../helpers/postgres';
import { percentile, withFloor } from '../suite';
import type { BenchFigures, BenchSuite } from '../suite';
import { startServerProcess, stop } from './server';

const VENUES = Number(process.env.BENCH_CONSOLE_VENUES ?? 1000);
const KIOSKS_PER_VENUE = 3;
const VISITS = Number(process.env.BENCH_CONSOLE_VISITS ?? 1_000_000);
const PEOPLE = 200_000;
const SUMMARY_SAMPLES = Number(process.env.BENCH_CONSOLE_SAMPLES ?? 40);
const CONSOLES = 50;
const ALERTS = Number(process.env.BENCH_CONSOLE_ALERTS ?? 20);
/** comma-separated subset (sqlite,postgres); default both */
const BACKENDS = (process.env.BENCH_CONSOLE_BACKENDS ?? 'sqlite,postgres').split(',');
const PASSWORD = 'kata sandi bench 2026';

type Log = (line: string) => void;
type Backend = 'sqlite' | 'postgres';

const deviceUuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const venueId = (i: number) => `v${String(i).padStart(4, '0')}`;
const gateId = (i: number, k: number) => `${venueId(i)}-g${k}`;

interface Seeded { enrolmentCode: string; alertVenue: string; alertGate: string; dayStart: number; now: number }

/** One deterministic city: the same venues, kiosks and visits on either backend. */
export async function seedCity(log: Log, backend: Backend, dataDir: string, pgUrl: string | null, schema: string): Promise<Seeded> {
  const t0 = performance.now();
  const storeOpts = backend === 'postgres' ? { dataDir, pgUrl: pgUrl!, pgSchema: schema } : { dataDir };
  const store = await openCityStore(storeOpts);
  // console passwords hashed at a lower scrypt cost than the default: 52 accounts would take half a
  // minute to seed otherwise; logins are not what this bench times
  const { admin, keys, config, clock } = openCity({ ...storeOpts, config: { consoleScryptN: 1024 } }, store);
  const now = Date.now();
  const dayStart = wibDayStart(now);
  let enrolmentCode: string, alertVenue: string, alertGate: string;
  try {
    for (let i = 0; i < VENUES; i++) {
      await store.createVenue({
        id: venueId(i), name: `Tempat ${i}`, address: `Jl. Bench ${i}, Bogor`, capacity: 100 + (i % 10) * 100, region: '3271',
        dwellMinutes: 60 + (i % 4) * 60, category: VENUE_CATEGORIES[i % VENUE_CATEGORIES.length]!, createdAt: now - (VENUES - i) * 1000,
      });
    }
    // the kiosk that raises the alerts gets its own gate (enrolled over HTTP later)
    alertVenue = venueId(0);
    alertGate = (await admin.createGate({ venueId: alertVenue, name: 'Pintu Alert' })).id;
    enrolmentCode = (await admin.createEnrolmentCode(alertGate)).code;
    const accounts = new ConsoleAccounts(store, clock, config, keys.dataKey);
    await store.ensureAgencies(DEFAULT_AGENCIES.map((a) => ({ id: a.id, name: a.name, categories: [...a.categories] })), now);
    await accounts.createUser({ username: 'admin', displayName: 'Admin', role: 'city-admin', agencyId: 'diskominfo', password: PASSWORD }, CLI_ACTOR);
    await accounts.createUser({ username: 'disperindag', displayName: 'Disperindag', role: 'sector', agencyId: 'disperindag', password: PASSWORD }, CLI_ACTOR);
    for (let i = 0; i < CONSOLES; i++) {
      await accounts.createUser({ username: `dinkes${String(i).padStart(2, '0')}`, displayName: `Petugas ${i}`, role: 'health', agencyId: 'dinkes', password: PASSWORD }, CLI_ACTOR);
    }
    await store.maintainPartitions(now);
  } finally {
    await store.close();
  }
  log(`${backend}: ${VENUES} venues, ${CONSOLES + 2} console accounts through the store in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Kiosks: most healthy, some silent, stale or never seen, a few revoked.
  const devices: unknown[][] = [];
  const gates: unknown[][] = [];
  for (let i = 0; i < VENUES; i++) {
    for (let k = 0; k < KIOSKS_PER_VENUE; k++) {
      const n = i * KIOSKS_PER_VENUE + k;
      gates.push([gateId(i, k), venueId(i), `Pintu ${k + 1}`, 'ENTRY']);
      const never = n % 50 === 7;
      const lastSeen = never ? null : now - (n % 20 === 3 ? 2 * 3600_000 : (n % 300) * 1000);
      const hb: Heartbeat | null = never ? null : {
        appVersion: '0.1.0', queueDepth: n % 7, deadLetterCount: n % 97 === 0 ? 1 : 0, riskListVersion: 1, riskListAgeSeconds: n % 31 === 0 ? 200_000 : 600,
        lastSyncAt: new Date(lastSeen! - 30_000).toISOString(), clockOffsetMs: 40, deviceTime: new Date(lastSeen!).toISOString(), policyVersion: 0,
      };
      devices.push([deviceUuid(n), `bench-key-${n}`, venueId(i), gateId(i, k), `Kios ${k + 1}`, now - 30 * 86_400_000, n % 200 === 11 ? now - 86_400_000 : null, lastSeen, hb ? JSON.stringify(hb) : null]);
    }
  }
  const t1 = performance.now();
  if (backend === 'sqlite') seedSqlite(path.join(dataDir, SQLITE_FILE), gates, devices, dayStart, now);
  else await seedPostgres(pgUrl!, schema, gates, devices, dayStart, now);
  log(`${backend}: ${gates.length} gates, ${devices.length} kiosks, ${VISITS} visits today by batch SQL in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  return { enrolmentCode, alertVenue, alertGate, dayStart, now };
}

/** Visit n of the day: its kiosk, time, outcome and checkout, the same on both backends. */
function visitOf(n: number, dayStart: number, now: number) {
  const device = (n * 7919) % (VENUES * KIOSKS_PER_VENUE);
  const venue = Math.floor(device / KIOSKS_PER_VENUE);
  const at = dayStart + Math.floor(((n * 2654435761) % 1_000_003) / 1_000_003 * (now - dayStart));
  const outcome = n % 20 === 0 ? 'DENY' : n % 50 === 1 ? 'REFER' : 'ADMIT';
  const out = n % 2 === 0 ? at + ((n % 120) + 5) * 60_000 : null;
  return { device, venue, at, outcome, checkedOut: out !== null && out < now ? out : null };
}

function seedSqlite(file: string, gates: unknown[][], devices: unknown[][], dayStart: number, now: number): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    const gate = db.prepare('INSERT INTO gates (id, venue_id, name, direction) VALUES (?, ?, ?, ?)');
    const device = db.prepare('INSERT INTO devices (id, public_key, venue_id, gate_id, name, enrolled_at, revoked_at, last_seen_at, heartbeat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const ROWS = 100;
    const cols = '(id, device_id, venue_id, gate_id, occurred_at, device_time, clock_offset_ms, clock_suspect, identity, nik_hash, outcome, reason, face_distance, liveness_score, risk_list_version, checked_out_at, received_at, body_hash)';
    const many = db.prepare(`INSERT INTO visits ${cols} VALUES ${Array(ROWS).fill(`(${Array(18).fill('?').join(', ')})`).join(', ')}`);
    const people = Array.from({ length: PEOPLE }, () => randomBytes(32).toString('hex'));
    db.transaction(() => {
      for (const g of gates) gate.run(...g);
      for (const d of devices) device.run(...d);
      const args: unknown[] = [];
      for (let n = 0; n < VISITS; n++) {
        const v = visitOf(n, dayStart, now);
        args.push(uuidv7({ msecs: v.at }), deviceUuid(v.device), venueId(v.venue), gateId(v.venue, v.device % KIOSKS_PER_VENUE), v.at, v.at, 40, 0, 'QR', people[n % PEOPLE],
          v.outcome, v.outcome === 'ADMIT' ? 'OK' : 'RISK', 0.3, 0.97, 1, v.checkedOut, v.at + 2000, 'bench');
        if (args.length === ROWS * 18) {
          many.run(...args);
          args.length = 0;
        }
      }
      if (args.length > 0) db.prepare(`INSERT INTO visits ${cols} VALUES ${Array(args.length / 18).fill(`(${Array(18).fill('?').join(', ')})`).join(', ')}`).run(...args);
      // the hourly counters the ingest keeps beside the visits (migration 008's backfill)
      db.exec(`INSERT INTO venue_hour_counts (venue_id, hour_start, admitted, denied, referred)
        SELECT venue_id, (occurred_at / 3600000) * 3600000, SUM(outcome = 'ADMIT'), SUM(outcome = 'DENY'), SUM(outcome = 'REFER') FROM visits GROUP BY 1, 2`);
    })();
  } finally {
    db.close();
  }
}

async function seedPostgres(pgUrl: string, schema: string, gates: unknown[][], devices: unknown[][], dayStart: number, now: number): Promise<void> {
  const c = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${schema}` });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query('INSERT INTO gates (id, venue_id, name, direction) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])', [0, 1, 2, 3].map((i) => gates.map((g) => g[i])));
    await c.query(`INSERT INTO devices (id, public_key, venue_id, gate_id, name, enrolled_at, revoked_at, last_seen_at, heartbeat)
      SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::jsonb[])`, [0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => devices.map((d) => d[i])));
    // the visits in the database itself, by the same formulas as visitOf (100k rows per statement)
    const STEP = 100_000;
    for (let from = 0; from < VISITS; from += STEP) {
      await c.query(`INSERT INTO visits (id, device_id, venue_id, gate_id, occurred_at, device_time, clock_offset_ms, clock_suspect, identity, nik_hash, outcome, reason,
          face_distance, liveness_score, risk_list_version, checked_out_at, received_at)
        SELECT gen_random_uuid(), ('00000000-0000-4000-8000-' || lpad(d::text, 12, '0'))::uuid, 'v' || lpad((d / ${KIOSKS_PER_VENUE})::text, 4, '0'),
          'v' || lpad((d / ${KIOSKS_PER_VENUE})::text, 4, '0') || '-g' || (d % ${KIOSKS_PER_VENUE}), at, at, 40, false, 'QR',
          decode(md5((n % ${PEOPLE})::text) || md5('p' || (n % ${PEOPLE})::text), 'hex'), o, CASE WHEN o = 'ADMIT' THEN 'OK' ELSE 'RISK' END, 0.3, 0.97, 1,
          CASE WHEN n % 2 = 0 AND at + ((n % 120) + 5) * 60000 < $3 THEN at + ((n % 120) + 5) * 60000 END, at + 2000
        FROM (SELECT n, (n * 7919) % ${VENUES * KIOSKS_PER_VENUE} AS d,
                $2::bigint + floor(((n * 2654435761) % 1000003)::float8 / 1000003 * ($3::bigint - $2::bigint))::bigint AS at,
                CASE WHEN n % 20 = 0 THEN 'DENY' WHEN n % 50 = 1 THEN 'REFER' ELSE 'ADMIT' END AS o
              FROM generate_series($1::bigint, $1::bigint + ${STEP - 1}) n WHERE n < ${VISITS}) x`, [from, dayStart, now]);
    }
    // the hourly counters the ingest keeps beside the visits (migration 010's backfill)
    await c.query(`INSERT INTO venue_hour_counts (venue_id, hour_start, admitted, denied, referred)
      SELECT venue_id, (occurred_at / 3600000) * 3600000, COUNT(*) FILTER (WHERE outcome = 'ADMIT'), COUNT(*) FILTER (WHERE outcome = 'DENY'),
        COUNT(*) FILTER (WHERE outcome = 'REFER') FROM visits GROUP BY 1, 2`);
    await c.query('COMMIT');
    // what autovacuum does to a table that has been written all day
    await c.query('VACUUM ANALYZE visits');
    await c.query('ANALYZE devices');
  } finally {
    await c.end();
  }
}

// ---- HTTP as a browser would: a session cookie, keep-alive ----

async function login(url: string, username: string): Promise<string> {
  const r = await fetch(`${url}/v1/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return r.headers.get('set-cookie')!.split(';')[0]!;
}

function get(agent: http.Agent, url: string, cookie: string): Promise<{ status: number; bytes: number; text: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent, headers: { cookie, accept: 'application/json' } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const b = Buffer.concat(parts);
        resolve({ status: res.statusCode ?? 0, bytes: b.length, text: b.toString('utf8') });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function timeSummary(log: Log, label: string, url: string, cookie: string): Promise<{ p95: number; median: number; venues: number; bytes: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  let venues = 0, bytes = 0;
  try {
    for (let i = 0; i < 5 + SUMMARY_SAMPLES; i++) {
      const t0 = performance.now();
      const r = await get(agent, `${url}/v1/console/overview`, cookie);
      const ms = performance.now() - t0;
      if (r.status !== 200) throw new Error(`overview: ${r.status} ${r.text.slice(0, 200)}`);
      if (i >= 5) samples.push(ms);
      if (i === 0) {
        const body = JSON.parse(r.text) as { venues: Array<{ entriesToday: number; kiosks: unknown[] }> };
        venues = body.venues.length;
        bytes = r.bytes;
        const entries = body.venues.reduce((s, v) => s + v.entriesToday, 0);
        log(`${label}: ${venues} venues, ${body.venues.reduce((s, v) => s + v.kiosks.length, 0)} kiosks, ${entries} entries today, ${(bytes / 1e6).toFixed(2)} MB`);
      }
    }
  } finally {
    agent.destroy();
  }
  const p95 = percentile(samples, 95);
  log(`${label}: GET /v1/console/overview p95 ${p95.toFixed(1)} ms, median ${percentile(samples, 50).toFixed(1)} ms (${samples.length} requests after 5 warm-up)`);
  return { p95, median: percentile(samples, 50), venues, bytes };
}

/** An open alerts stream: calls `onAlert(id, at)` for each `event: alert` it receives. */
function openStream(url: string, cookie: string, onAlert: (id: string, at: number) => void): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/v1/console/alerts/stream`, { headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream: ${res.statusCode}`));
        return;
      }
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let end;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const event = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (event.includes('jejak alerts')) resolve(req);
          const id = /^id: (.+)$/m.exec(event)?.[1];
          if (event.startsWith('event: alert') && id) onAlert(id, performance.now());
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', (e) => {
      if (!req.destroyed) reject(e);
    });
  });
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) / 1024;
}

/** Uploads ALERTS alerts one after another, each once every stream got the one before (the streams' handler records the delays). */
async function uploadAlerts(kiosk: DeviceClient, seeded: Seeded, waiting: Map<string, { t0: number; pending: number; done: () => void }>, streams: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let i = 0; i < ALERTS; i++) {
      const id = uuidv7();
      const body = JSON.stringify({
        alerts: [{ id, visitId: uuidv7(), venueId: seeded.alertVenue, gateId: seeded.alertGate, occurredAt: new Date().toISOString(), nikHash: randomBytes(32).toString('hex'), riskStatus: 'CONFIRMED', outcome: 'DENY', riskListVersion: 1 }],
      });
      const headers = kiosk.sign('POST', '/v1/alerts', body);
      const all = new Promise<void>((done) => waiting.set(id, { t0: performance.now(), pending: streams, done }));
      const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(`${kiosk.baseUrl}/v1/alerts`, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (r) => {
          let text = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => (text += c));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        req.end(body);
      });
      if (res.status !== 200 || !res.text.includes('"accepted"')) throw new Error(`alert upload: ${res.status} ${res.text.slice(0, 200)}`);
      const timeout = setTimeout(() => waiting.get(id)?.done(), 10_000);
      await all;
      clearTimeout(timeout);
      const w = waiting.get(id)!;
      if (w.pending > 0) throw new Error(`alert ${id}: ${w.pending} of ${streams} streams never got it within 10 s`);
      waiting.delete(id);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    agent.destroy();
  }
}

async function backendBench(log: Log, backend: Backend, pgUrl: string | null): Promise<BenchFigures> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jejak-bench-console-'));
  const schema = `jejak_bench_${randomBytes(4).toString('hex')}`;
  const figures: BenchFigures = {};
  try {
    const seeded = await seedCity(log, backend, dataDir, pgUrl, schema);
    const args = ['--data-dir', dataDir, '--config', JSON.stringify({ rateLimitPerSecond: 100_000, rateLimitBurst: 100_000, maintenanceIntervalMs: 0 })];
    if (backend === 'postgres') args.push('--pg-url', pgUrl!, '--pg-schema', schema);
    const server = await startServerProcess(args);
    const streams: http.ClientRequest[] = [];
    try {
      const { url, pid } = server;
      // the summary, as the city admin (all 1,000 venues) and as a sector agency (its categories)
      const all = await timeSummary(log, `${backend} city-admin`, url, await login(url, 'admin'));
      if (all.venues !== VENUES) throw new Error(`overview listed ${all.venues} venues, expected ${VENUES}`);
      const sector = await timeSummary(log, `${backend} sector (Disperindag)`, url, await login(url, 'disperindag'));
      figures[`console_summary_sector_p95_ms_${backend}`] = sector.p95;
      figures[`console_summary_bytes_${backend}`] = all.bytes;

      // 50 Dinkes consoles with the live stream open
      const rssBefore = rssMb(pid);
      const waiting = new Map<string, { t0: number; pending: number; done: () => void }>();
      const delays: number[] = [];
      const onAlert = (id: string, at: number) => {
        const w = waiting.get(id);
        if (!w) return;
        delays.push(at - w.t0);
        if (--w.pending === 0) w.done();
      };
      const cookies: string[] = [];
      for (let i = 0; i < CONSOLES; i++) cookies.push(await login(url, `dinkes${String(i).padStart(2, '0')}`));
      for (const cookie of cookies) streams.push(await openStream(url, cookie, onAlert));
      await new Promise((r) => setTimeout(r, 1000));
      const rss = rssMb(pid);
      log(`${backend}: server RSS ${rssBefore.toFixed(1)} MB before, ${rss.toFixed(1)} MB with ${CONSOLES} consoles streaming`);
      Object.assign(figures, withFloor(`console_rss_mb_${backend}`, rss, rssBefore));

      const kiosk = new DeviceClient(url, await enrolDevice(url, seeded.enrolmentCode, 'bench-alert-kiosk'));
      await uploadAlerts(kiosk, seeded, waiting, CONSOLES);
      const fan = percentile(delays, 95);
      log(`${backend}: ${ALERTS} alerts × ${CONSOLES} streams: p95 ${fan.toFixed(1)} ms, median ${percentile(delays, 50).toFixed(1)} ms, max ${Math.max(...delays).toFixed(1)} ms from upload to stream`);
      // floor: one stream, no fan-out
      for (const s of streams.splice(1)) s.destroy();
      await new Promise((r) => setTimeout(r, 500));
      const one: number[] = [];
      const onOne = (id: string, at: number) => {
        const w = waiting.get(id);
        if (!w) return;
        one.push(at - w.t0);
        if (--w.pending === 0) w.done();
      };
      streams.splice(0).forEach((s) => s.destroy());
      streams.push(await openStream(url, cookies[0]!, onOne));
      await uploadAlerts(kiosk, seeded, waiting, 1);
      const fanFloor = percentile(one, 95);
      log(`${backend}: floor: the same uploads with one stream open: p95 ${fanFloor.toFixed(1)} ms`);
      Object.assign(figures, withFloor(`alert_fanout_p95_ms_${backend}`, fan, fanFloor));
      for (const s of streams.splice(0)) s.destroy();
      await stop(server.child);

      const floor = backend === 'sqlite' ? summaryFloorSqlite(path.join(dataDir, SQLITE_FILE), seeded) : await summaryFloorPostgres(pgUrl!, schema, seeded);
      log(`${backend}: floor: the route's SQL straight through ${backend === 'sqlite' ? 'better-sqlite3' : 'node-postgres'}: p95 ${floor.toFixed(1)} ms`);
      Object.assign(figures, withFloor(`console_summary_p95_ms_${backend}`, all.p95, floor));
    } finally {
      for (const s of streams) s.destroy();
      await stop(server.child);
    }
  } finally {
    if (backend === 'postgres') {
      const c = new pg.Client({ connectionString: pgUrl! });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}

// ---- floors: the statements the overview route runs (store.listVenuesInScope, venueActivity, the
// scoped fleet's listDevicesAt), straight through the driver: the activity SQL is the store's own ----

const SQLITE_SUMMARY = {
  venues: 'SELECT * FROM venues ORDER BY created_at, id',
  activity: VENUE_ACTIVITY_SQLITE,
  devices: 'SELECT * FROM devices WHERE venue_id IN (SELECT value FROM json_each(?)) ORDER BY enrolled_at, id',
};

function summaryFloorSqlite(file: string, s: Seeded): number {
  const db = new Database(file, { readonly: true });
  try {
    const venues = db.prepare(SQLITE_SUMMARY.venues);
    const activity = db.prepare(SQLITE_SUMMARY.activity);
    const devices = db.prepare(SQLITE_SUMMARY.devices);
    const samples: number[] = [];
    for (let i = 0; i < 5 + SUMMARY_SAMPLES; i++) {
      const t0 = performance.now();
      const ids = (venues.all() as Array<{ id: string }>).map((v) => v.id);
      activity.all({ ids: JSON.stringify(ids), day: s.dayStart, now: s.now });
      devices.all(JSON.stringify(ids));
      if (i >= 5) samples.push(performance.now() - t0);
    }
    return percentile(samples, 95);
  } finally {
    db.close();
  }
}

const PG_SUMMARY = {
  venues: 'SELECT * FROM venues ORDER BY created_at, id',
  activity: VENUE_ACTIVITY_POSTGRES,
  devices: 'SELECT * FROM devices WHERE venue_id = ANY($1::text[]) ORDER BY enrolled_at, id',
};

async function summaryFloorPostgres(pgUrl: string, schema: string, s: Seeded): Promise<number> {
  const c = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${schema}` });
  await c.connect();
  try {
    const samples: number[] = [];
    for (let i = 0; i < 5 + SUMMARY_SAMPLES; i++) {
      const t0 = performance.now();
      const ids = (await c.query<{ id: string }>(PG_SUMMARY.venues)).rows.map((v) => v.id);
      await c.query(PG_SUMMARY.activity, [ids, s.dayStart, s.now]);
      await c.query(PG_SUMMARY.devices, [ids]);
      if (i >= 5) samples.push(performance.now() - t0);
    }
    return percentile(samples, 95);
  } finally {
    await c.end();
  }
}

export default {
  async run(log) {
    const figures: BenchFigures = {};
    const pgUrl = postgresUrl();
    for (const backend of ['sqlite', 'postgres'] as const) {
      if (!BACKENDS.includes(backend) || (backend === 'postgres' && !pgUrl)) continue;
      Object.assign(figures, await backendBench(log, backend, pgUrl));
    }
    // the issue's keys: the worse backend
    for (const key of ['console_summary_p95_ms', 'alert_fanout_p95_ms', 'console_rss_mb']) {
      const worst = ['sqlite', 'postgres'].map((b) => figures[`${key}_${b}`]).filter((v): v is number => typeof v === 'number').sort((a, b) => b - a)[0];
      if (worst !== undefined) figures[key] = worst;
    }
    return figures;
  },
} satisfies BenchSuite;
