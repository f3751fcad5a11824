// Bench `server`, part `wire`: the bytes a kiosk's routine traffic puts on the network, measured on the
// real server through a byte-counting TCP relay (HTTP headers and bodies both ways; TLS adds ~40 B per
// record and a handshake per connection on top). These are the measured inputs of sync/server/SCALE.md.
// Byte counts do not depend on the machine's speed, so they carry no floor.
import net from 'node:net';
import { v7 as uuidv7 } from 'uuid';
import { randomBytes } from 'node:crypto';
import type { Visit } from '../../../sync/protocol/api/visits';
import type { RiskUpdatesResponse } from '../../../sync/protocol/api/risk';
import { DeviceClient, enrolDevice } from '../../../sync/server/device-client';
import { startTestCityServer } from '../../../sync/server/testing';
import { median, withRateFloor } from '../suite';
import type { BenchFigures } from '../suite';
import http from 'node:http';
import pg from 'pg';

type Log = (line: string) => void;

const LIST_ENTRIES = Number(process.env.BENCH_WIRE_LIST ?? 100_000);
const CHANGES = 1000;
const RATE_REQUESTS = Number(process.env.BENCH_WIRE_REQUESTS ?? 2000);
const IN_FLIGHT = 8;
const STORAGE_VISITS = Number(process.env.BENCH_WIRE_STORAGE_VISITS ?? 50_000);

/** Sends pre-built requests with IN_FLIGHT in flight over keep-alive; requests per second. */
async function requestsPerS(port: number, reqs: { method: string; path: string; headers: Record<string, string>; body: string }[]): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  let next = 0;
  const one = (r: (typeof reqs)[number]) => new Promise<void>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers: r.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${r.path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(r.body);
  });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < reqs.length) await one(reqs[next++]!);
  }));
  const s = (performance.now() - t0) / 1000;
  agent.destroy();
  return reqs.length / s;
}

interface Relay { url: string; take(): { up: number; down: number }; close(): Promise<void> }

async function countingRelay(targetPort: number): Promise<Relay> {
  let up = 0;
  let down = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('data', (b: Buffer) => { up += b.length; upstream.write(b); });
    upstream.on('data', (b: Buffer) => { down += b.length; client.write(b); });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    take() {
      const t = { up, down };
      up = 0;
      down = 0;
      return t;
    },
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

/** Valid Kota Bogor NIKs (32 71 01, birth date DDMMYY, serial), distinct for i < 28·12·20·9999. */
function nik(i: number): string {
  const serial = (i % 9999) + 1;
  const k = Math.floor(i / 9999);
  const day = (k % 28) + 1;
  const month = (Math.floor(k / 28) % 12) + 1;
  const year = 80 + (Math.floor(k / 336) % 20);
  return `327101${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${year}${String(serial).padStart(4, '0')}`;
}

const csv = (rows: string[]) => `nik,status,valid_until\n${rows.join('\n')}\n`;

/** Heartbeats/s on one process of the given backend beside its /v1/health floor (same server, same client). */
async function heartbeatRate(log: Log, backend: 'sqlite' | 'postgres', pgUrl: string | null): Promise<BenchFigures> {
  // One device sends all the bench's heartbeats: its per-device rate limit (a kiosk sends one a minute) is lifted.
  const city = await startTestCityServer(backend, { config: { rateLimitPerSecond: 1e6, rateLimitBurst: 1e6 }, ...(pgUrl ? { pgUrl } : {}) });
  try {
    const identity = await enrolDevice(city.url, await city.newEnrolmentCode(), 'rate-kiosk');
    const direct = new DeviceClient(city.url, identity);
    const hbBody = JSON.stringify({ appVersion: '0.9.0', queueDepth: 0, deadLetterCount: 0, riskListVersion: 2, riskListAgeSeconds: 240, lastSyncAt: new Date().toISOString(), clockOffsetMs: 12, deviceTime: new Date().toISOString() });
    const hbRate: number[] = [];
    const healthRate: number[] = [];
    for (let run = 0; run < 3; run++) {
      const signed = Array.from({ length: RATE_REQUESTS }, () => ({ method: 'POST', path: '/v1/heartbeat', headers: { ...direct.sign('POST', '/v1/heartbeat', hbBody), 'content-length': String(Buffer.byteLength(hbBody)) }, body: hbBody }));
      const health = Array.from({ length: RATE_REQUESTS }, () => ({ method: 'GET', path: '/v1/health', headers: {}, body: '' }));
      healthRate.push(await requestsPerS(city.port, health));
      hbRate.push(await requestsPerS(city.port, signed));
    }
    log(`wire: ${backend} heartbeats ${hbRate.map((x) => x.toFixed(0)).join(' / ')} req/s, health ${healthRate.map((x) => x.toFixed(0)).join(' / ')} req/s (${IN_FLIGHT} in flight)`);
    return withRateFloor(`heartbeat_requests_per_s_${backend}`, median(hbRate), median(healthRate));
  } finally {
    await city.destroy();
  }
}

/**
 * PostgreSQL bytes per stored visit: the growth of every relation of the schema (tables, indexes, TOAST;
 * day partitions and the visit-id keys included) after STORAGE_VISITS visits through the API, / visits.
 */
async function storageBytesPerVisit(log: Log, pgUrl: string): Promise<BenchFigures> {
  const schema = `jejak_t_wire_${randomBytes(4).toString('hex')}`;
  const city = await startTestCityServer('postgres', { pgUrl, pgSchema: schema, config: { rateLimitPerSecond: 1e6, rateLimitBurst: 1e6 } });
  const db = new pg.Client({ connectionString: pgUrl });
  await db.connect();
  try {
    const identity = await enrolDevice(city.url, await city.newEnrolmentCode(), 'storage-kiosk');
    const client = new DeviceClient(city.url, identity);
    const size = async () => Number((await db.query<{ b: string }>('SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) AS b FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN (\'r\', \'m\')', [schema])).rows[0]!.b);
    await db.query('CHECKPOINT').catch(() => undefined);
    const before = await size();
    const hashes = Array.from({ length: 20_000 }, () => randomBytes(32).toString('hex'));
    const now = Date.now();
    for (let b = 0; b < STORAGE_VISITS / 500; b++) {
      const visits: Visit[] = Array.from({ length: 500 }, (_, i) => {
        const n = b * 500 + i;
        // a day's spread of visits (several day partitions), each person a few times
        const t = new Date(now - (n % 86_400) * 1000 * 3).toISOString();
        return { id: uuidv7(), venueId: city.venueId, gateId: city.gateId, occurredAt: t, deviceTime: t, clockOffsetMs: 12, clockSuspect: false, identity: 'QR', nikHash: hashes[n % hashes.length]!, outcome: 'ADMIT', reason: 'OK', override: null, faceDistance: 0.31, livenessScore: 0.97, riskListVersion: 1, checkedOutAt: null };
      });
      const r = await client.request('POST', '/v1/visits', { visits });
      if (r.status !== 200) throw new Error(`visits: ${r.status}`);
    }
    await db.query(`ANALYZE`);
    const grown = (await size()) - before;
    log(`wire: postgres stores ${STORAGE_VISITS} visits in ${(grown / 1e6).toFixed(1)} MB (${(grown / STORAGE_VISITS).toFixed(0)} B per visit, indexes included)`);
    return { storage_bytes_per_visit_postgres: grown / STORAGE_VISITS };
  } finally {
    await db.end();
    await city.destroy();
  }
}

export async function wireBench(log: Log, pgUrl: string | null): Promise<BenchFigures> {
  const rates = {
    ...(pgUrl ? await storageBytesPerVisit(log, pgUrl) : {}), ...(await heartbeatRate(log, 'sqlite', null)), ...(pgUrl ? await heartbeatRate(log, 'postgres', pgUrl) : {}) };
  const city = await startTestCityServer('sqlite');
  const relay = await countingRelay(city.port);
  try {
    const identity = await enrolDevice(city.url, await city.newEnrolmentCode(), 'wire-kiosk');
    const client = new DeviceClient(relay.url, identity);
    relay.take();

    // Visits: the kiosk's batch of 500 (a busy gate draining) and a batch of 1 (a quiet gate).
    const hashes = Array.from({ length: 500 }, () => randomBytes(32).toString('hex'));
    const visit = (i: number): Visit => ({
      id: uuidv7(), venueId: city.venueId, gateId: city.gateId, occurredAt: new Date(Date.now() - i * 1000).toISOString(), deviceTime: new Date(Date.now() - i * 1000).toISOString(),
      clockOffsetMs: 12, clockSuspect: false, identity: 'QR', nikHash: hashes[i % hashes.length]!, outcome: 'ADMIT', reason: 'OK',
      override: null, faceDistance: 0.31, livenessScore: 0.97, riskListVersion: 1, checkedOutAt: null,
    });
    const big = await client.request('POST', '/v1/visits', { visits: Array.from({ length: 500 }, (_, i) => visit(i)) });
    if (big.status !== 200) throw new Error(`visits: ${big.status}`);
    const batch500 = relay.take();
    const one = await client.request('POST', '/v1/visits', { visits: [visit(0)] });
    if (one.status !== 200) throw new Error(`visit: ${one.status}`);
    const batch1 = relay.take();

    const hb = await client.request('POST', '/v1/heartbeat', {
      appVersion: '0.9.0', queueDepth: 0, deadLetterCount: 0, riskListVersion: 2, riskListAgeSeconds: 240, lastSyncAt: new Date().toISOString(), clockOffsetMs: 12, deviceTime: new Date().toISOString(),
    });
    if (hb.status !== 200) throw new Error(`heartbeat: ${hb.status}`);
    const heartbeat = relay.take();

    // Risk list: a list of LIST_ENTRIES, then a version that changes CHANGES of them (½ status changes, ¼ removed, ¼ added).
    log(`wire: publishing a ${LIST_ENTRIES.toLocaleString('en')}-entry list and a ${CHANGES}-change version`);
    const statuses = ['CONFIRMED', 'SUSPECT', 'CLOSE_CONTACT'];
    const rows = Array.from({ length: LIST_ENTRIES }, (_, i) => `${nik(i)},${statuses[i % 3]},2027-01-31`);
    const v1 = await city.admin.importRiskCsv(csv(rows));
    if (!v1.ok) throw new Error(`import v1: ${JSON.stringify(v1.errors.slice(0, 3))}`);
    const next = rows.slice();
    for (let i = 0; i < CHANGES / 2; i++) next[i * 7] = `${nik(i * 7)},${statuses[(i * 7 + 1) % 3]},2027-01-31`;
    next.splice(LIST_ENTRIES - CHANGES / 4, CHANGES / 4);
    for (let i = 0; i < CHANGES / 4; i++) next.push(`${nik(LIST_ENTRIES + i)},SUSPECT,2027-01-31`);
    const v2 = await city.admin.importRiskCsv(csv(next));
    if (!v2.ok) throw new Error('import v2 refused');
    const changes = v2.summary.added + v2.summary.changed + v2.summary.removed;

    const pull = async (since: number): Promise<{ up: number; down: number; mode: string }> => {
      relay.take();
      const r = await client.request<RiskUpdatesResponse>('GET', `/v1/risk/updates?since=${since}`);
      if (r.status !== 200) throw new Error(`risk updates: ${r.status}`);
      for (const m of r.body.manifests) {
        for (const ch of m.manifest.chunks) {
          const c = await client.request('GET', `/v1/risk/chunks/${ch.sha256}`);
          if (c.status !== 200) throw new Error(`chunk: ${c.status}`);
        }
      }
      return { ...relay.take(), mode: r.body.mode };
    };
    const current = await pull(2);
    const delta = await pull(1);
    const snapshot = await pull(0);
    if (current.mode !== 'current' || delta.mode !== 'delta' || snapshot.mode !== 'snapshot') throw new Error(`modes ${current.mode}/${delta.mode}/${snapshot.mode}`);

    relay.take();
    const regs = await client.request('GET', '/v1/registrations?cursor=0&limit=500');
    const registrations = relay.take();

    const figures: BenchFigures = {
      ...rates,
      wire_visit_bytes_per_visit_batch500: (batch500.up + batch500.down) / 500,
      wire_visit_bytes_batch1: batch1.up + batch1.down,
      wire_heartbeat_bytes: heartbeat.up + heartbeat.down,
      wire_risk_poll_current_bytes: current.up + current.down,
      wire_risk_delta_bytes_per_change: (delta.up + delta.down) / changes,
      wire_risk_snapshot_bytes_per_entry: (snapshot.up + snapshot.down) / LIST_ENTRIES,
      wire_registrations_poll_empty_bytes: regs.status === 200 ? registrations.up + registrations.down : -1,
      wire_list_entries: LIST_ENTRIES,
      wire_changes: changes,
    };
    log(`wire: ${Object.entries(figures).map(([k, v]) => `${k.replace(/^wire_/, '')} ${typeof v === 'number' ? Math.round(v * 10) / 10 : v}`).join(', ')}`);
    return figures;
  } finally {
    await relay.close();
    await city.destroy();
  }
}
