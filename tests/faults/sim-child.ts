// Simulated kiosks for the national peak-hour simulation (national-sim.ts): many lightweight kiosks per
// process, each a signed device client with the kiosk's schedule — visits as a Poisson process at the
// profile's rate, a heartbeat every 60 s and a risk-list poll every 5 min (random phase) — and the
// agent's promise: a visit is retried (same id) until the server answered accepted or duplicate.
// argv[2]: path of a JSON SimChildConfig. Prints one JSON line at the end: latencies and accepted ids.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Visit, VisitBatchResponse } from '../../sync/protocol/api/visits';
import { DeviceClient } from '../../sync/server/device-client';

export interface SimChildConfig {
  serverUrl: string;
  venueId: string;
  gateId: string;
  kiosks: { deviceId: string; privateKey: string }[];
  seconds: number;
  /** visits per second per kiosk */
  visitRate: number;
  heartbeatEveryS: number;
  riskPollEveryS: number;
}

export interface SimChildResult {
  event: 'done';
  sent: { visit: number; heartbeat: number; risk: number };
  latencyMs: { visit: number[]; heartbeat: number[]; risk: number[] };
  errors: Record<string, number>;
  acceptedIds: string[];
  unsent: number;
}

// argv[2] is the JSON-encoded path (the harness's Child passes its argument as JSON)
const cfg = JSON.parse(readFileSync(JSON.parse(process.argv[2]!) as string, 'utf8')) as SimChildConfig;
const result: SimChildResult = { event: 'done', sent: { visit: 0, heartbeat: 0, risk: 0 }, latencyMs: { visit: [], heartbeat: [], risk: [] }, errors: {}, acceptedIds: [], unsent: 0 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exp = (rate: number) => -Math.log(1 - Math.random()) / rate;

async function timed(kind: 'visit' | 'heartbeat' | 'risk', fn: () => Promise<{ status: number }>): Promise<number> {
  const t0 = performance.now();
  try {
    const r = await fn();
    result.latencyMs[kind].push(performance.now() - t0);
    result.sent[kind]++;
    if (r.status >= 300) result.errors[`${kind}_${r.status}`] = (result.errors[`${kind}_${r.status}`] ?? 0) + 1;
    return r.status;
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    result.errors[`${kind}_${code}`] = (result.errors[`${kind}_${code}`] ?? 0) + 1;
    return 0;
  }
}

async function kiosk(k: SimChildConfig['kiosks'][number], until: number): Promise<void> {
  const client = new DeviceClient(cfg.serverUrl, k);
  const pending: Visit[] = [];
  let nextVisit = Date.now() + exp(cfg.visitRate) * 1000;
  let nextHeartbeat = Date.now() + Math.random() * cfg.heartbeatEveryS * 1000;
  let nextRisk = Date.now() + Math.random() * cfg.riskPollEveryS * 1000;
  let backoff = 500;
  // Until the end of the run, then keep going only while visits are still unconfirmed (for at most 60 s).
  while (Date.now() < until || (pending.length > 0 && Date.now() < until + 60_000)) {
    const now = Date.now();
    if (now >= nextVisit && now < until) {
      const t = new Date().toISOString();
      pending.push({ id: uuidv7(), venueId: cfg.venueId, gateId: cfg.gateId, occurredAt: t, deviceTime: t, clockOffsetMs: 0, clockSuspect: false, identity: 'QR', nikHash: randomBytes(32).toString('hex'), outcome: 'ADMIT', reason: 'OK', override: null, faceDistance: 0.3, livenessScore: 0.95, riskListVersion: 1, checkedOutAt: null });
      nextVisit = now + exp(cfg.visitRate) * 1000;
    }
    if (pending.length > 0) {
      const batch = pending.slice(0, 500);
      let body: VisitBatchResponse | null = null;
      const status = await timed('visit', async () => {
        const r = await client.request<VisitBatchResponse>('POST', '/v1/visits', { visits: batch });
        body = r.body;
        return r;
      });
      if (status === 200 && body) {
        const done = new Set((body as VisitBatchResponse).results.filter((x) => x.status === 'accepted' || x.status === 'duplicate').map((x) => x.id));
        for (const id of done) result.acceptedIds.push(id);
        pending.splice(0, pending.length, ...pending.filter((v) => !done.has(v.id)));
        backoff = 500;
      } else {
        await sleep(Math.random() * backoff); // full jitter, as the agent
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
    if (now >= nextHeartbeat && now < until) {
      await timed('heartbeat', () => client.request('POST', '/v1/heartbeat', { appVersion: '0.9.0', queueDepth: pending.length, deadLetterCount: 0, riskListVersion: 1, riskListAgeSeconds: 60, lastSyncAt: new Date().toISOString(), clockOffsetMs: 0, deviceTime: new Date().toISOString() }));
      nextHeartbeat = now + cfg.heartbeatEveryS * 1000;
    }
    if (now >= nextRisk && now < until) {
      await timed('risk', () => client.request('GET', '/v1/risk/updates?since=1'));
      nextRisk = now + cfg.riskPollEveryS * 1000;
    }
    const wake = Math.min(nextVisit, nextHeartbeat, nextRisk, pending.length > 0 ? now + 200 : Infinity);
    await sleep(Math.max(5, Math.min(wake - Date.now(), 1000)));
  }
  result.unsent += pending.length;
}

async function main(): Promise<void> {
  const until = Date.now() + cfg.seconds * 1000;
  await Promise.all(cfg.kiosks.map((k) => kiosk(k, until)));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stdout.write(`${JSON.stringify({ event: 'error', message: (err as Error).message })}\n`);
  process.exit(3);
});
