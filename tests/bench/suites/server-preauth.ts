// Bench `server`, part 'preauth' (issue 10 item 1): unauthenticated garbage must cost the server almost
// nothing. A city server process (SQLite) takes a stream of unsigned 1 MB deeply nested bodies
// (`{"visits":[[[[…]]]]}`, GARBAGE_IN_FLIGHT at a time, a new connection each) while one kiosk uploads
// batches of 100 visits, signed as it sends them. Figures: garbage requests refused per second, and
// the kiosk's upload time under that load beside its floor: the same uploads, same run, no garbage
// (`preauth_upload_ms_ratio` = under garbage / alone; 1 = the garbage is not felt).
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { Visit } from '../../../sync/protocol/api/visits';
import { DeviceClient, enrolDevice } from '../../../sync/server/device-client';
import { openCity, openCityStore } from '../../../sync/server/server';
import { median, percentile, withFloor } from '../suite';
import type { BenchFigures } from '../suite';

const GARBAGE_IN_FLIGHT = Number(process.env.BENCH_PREAUTH_GARBAGE ?? 8);
const UPLOADS = Number(process.env.BENCH_PREAUTH_UPLOADS ?? 100);
const BATCH = 100;

type Log = (line: string) => void;
export type StartServer = (args: string[]) => Promise<{ url: string; pid: number; child: ChildProcess }>;

/** One unsigned POST; resolves with the status (the answer may come before the body is sent). */
function garbage(url: string, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(`${url}/v1/visits`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    // the server may close while the rest of the body is still being written: that is a refusal too
    req.on('error', () => resolve(-1));
    req.end(body);
  });
}

export async function preauthBench(log: Log, startServerProcess: StartServer, stop: (c: ChildProcess) => Promise<void>): Promise<BenchFigures> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jejak-bench-preauth-'));
  try {
    const store = await openCityStore({ dataDir });
    const { admin } = openCity({ dataDir }, store);
    const venue = await admin.createVenue({ name: 'Bench Mall', address: 'Bogor', capacity: 10_000 });
    const gate = await admin.createGate({ venueId: venue.id, name: 'Gate' });
    const code = (await admin.createEnrolmentCode(gate.id)).code;
    await store.close();
    const { url, child } = await startServerProcess(['--data-dir', dataDir, '--config', JSON.stringify({ rateLimitPerSecond: 100_000, rateLimitBurst: 100_000, maintenanceIntervalMs: 0 })]);
    try {
      const kiosk = new DeviceClient(url, await enrolDevice(url, code));
      const hash = randomBytes(32).toString('hex');
      const batch = (): Visit[] => Array.from({ length: BATCH }, () => ({
        id: uuidv7(), venueId: venue.id, gateId: gate.id, occurredAt: new Date().toISOString(), deviceTime: new Date().toISOString(),
        clockOffsetMs: 0, clockSuspect: false, identity: 'QR', nikHash: hash, outcome: 'ADMIT', reason: 'OK',
        override: null, faceDistance: 0.3, livenessScore: 0.98, riskListVersion: 1, checkedOutAt: null,
      }));
      const uploads = async (): Promise<number[]> => {
        const ms: number[] = [];
        for (let i = 0; i < UPLOADS; i++) {
          const t0 = performance.now();
          const r = await kiosk.request('POST', '/v1/visits', { visits: batch() });
          ms.push(performance.now() - t0);
          if (r.status !== 200) throw new Error(`kiosk upload answered ${r.status}`);
        }
        return ms;
      };
      await uploads(); // warm-up (JIT, SQLite cache)
      const alone = await uploads();

      const n = Math.floor((1_000_000 - 12) / 2);
      const body = Buffer.from(`{"visits":${'['.repeat(n)}${']'.repeat(n)}}`);
      let refused = 0, other = 0, stopFlag = false;
      const t0 = performance.now();
      const senders = Array.from({ length: GARBAGE_IN_FLIGHT }, async () => {
        while (!stopFlag) {
          const st = await garbage(url, body);
          if (st === 401 || st === -1) refused++;
          else other++;
        }
      });
      const underLoad = await uploads();
      stopFlag = true;
      const secs = (performance.now() - t0) / 1000;
      await Promise.all(senders);
      const health0 = performance.now();
      const health = await fetch(`${url}/v1/health`);
      if (health.status !== 200) throw new Error(`health answered ${health.status}`);
      const perS = refused / secs;
      log(`preauth: ${refused} unsigned 1 MB nested bodies refused in ${secs.toFixed(2)} s (${GARBAGE_IN_FLIGHT} in flight): ${Math.round(perS)}/s; ${other} answered otherwise`);
      log(`preauth: kiosk upload of ${BATCH} visits: median ${median(alone).toFixed(1)} ms alone, ${median(underLoad).toFixed(1)} ms under garbage (p95 ${percentile(alone, 95).toFixed(1)} / ${percentile(underLoad, 95).toFixed(1)} ms); /v1/health after: ${(performance.now() - health0).toFixed(1)} ms`);
      return {
        preauth_garbage_refused_per_s: perS,
        // must be 0: every unsigned request is refused as such (an older server answered 400 after parsing)
        preauth_garbage_not_401: other,
        ...withFloor('preauth_upload_ms', median(underLoad), median(alone)),
        preauth_upload_p95_ms: percentile(underLoad, 95),
      };
    } finally {
      await stop(child);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
