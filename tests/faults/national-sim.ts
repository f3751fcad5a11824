// National peak-hour simulation (issue 14, sync/server/SCALE.md): N lightweight simulated kiosks in a few
// processes (sim-child.ts) against the real city server process on this machine, each posting visits at
// the national peak-hour rate per kiosk, heartbeats and risk polls on the kiosk's schedule, for S seconds.
// Reports p50/p99 answer times per request kind, errors, and whether every visit reached the server once.
//
//   npm run sim:national -- [--kiosks 5000] [--seconds 120] [--processes 4] [--backend postgres|sqlite] [--load 1]
//
// --load multiplies every kiosk's rates (load 10 = what 10× the kiosks would send). The per-kiosk visit
// rate is Indonesia (b) in SCALE.md: 9,000 visits/s at the peak hour over 736,000 kiosks.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { enrolDevice } from '../../sync/server/device-client';
import { postgresUrl } from '../helpers/postgres';
import { percentile } from '../bench/suite';
import { ScenarioEnv, type Backend } from './env';
import { Child } from './harness';
import type { SimChildConfig, SimChildResult } from './sim-child';

export const PEAK_VISITS_PER_KIOSK_S = 9000 / 736_000;

export interface SimOptions { kiosks: number; seconds: number; processes: number; backend: Backend; load: number; log?: (l: string) => void }

export interface SimReport {
  kiosks: number;
  seconds: number;
  load: number;
  backend: Backend;
  requestsPerS: number;
  /** requests answered per kind */
  sent: Record<'visit' | 'heartbeat' | 'risk', number>;
  visitsPerS: number;
  p50Ms: Record<'visit' | 'heartbeat' | 'risk', number>;
  p99Ms: Record<'visit' | 'heartbeat' | 'risk', number>;
  errors: Record<string, number>;
  visitsConfirmed: number;
  visitsOnServer: number;
  lost: number;
  duplicated: number;
}

export async function runNationalSim(o: SimOptions): Promise<SimReport> {
  const log = o.log ?? ((l: string) => console.log(l));
  const pg = o.backend === 'postgres' ? postgresUrl() : null;
  if (o.backend === 'postgres' && !pg) throw new Error('postgres backend needs JEJAK_PG_URL');
  const env = await ScenarioEnv.create(o.backend, 'sim', pg, { rateLimitPerSecond: 50, rateLimitBurst: 200 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-sim-'));
  try {
    log(`enrolling ${o.kiosks} kiosks …`);
    const codes = await env.codes(o.kiosks);
    const ids: { deviceId: string; privateKey: string }[] = [];
    for (let i = 0; i < codes.length; i += 50) {
      ids.push(...(await Promise.all(codes.slice(i, i + 50).map(async (c, k) => {
        const d = await enrolDevice(env.directUrl, c, `sim-${i + k}`);
        return { deviceId: d.deviceId, privateKey: d.privateKey };
      }))));
    }
    log(`${ids.length} kiosks enrolled; ${o.seconds} s at ${o.load}× the national peak-hour profile (${(PEAK_VISITS_PER_KIOSK_S * o.load * o.kiosks).toFixed(0)} visits/s, ${((o.kiosks * o.load) / 60).toFixed(0)} heartbeats/s, ${((o.kiosks * o.load) / 300).toFixed(0)} risk polls/s expected)`);
    const per = Math.ceil(ids.length / o.processes);
    const children = Array.from({ length: o.processes }, (_, p) => {
      const cfg: SimChildConfig = {
        serverUrl: env.directUrl, venueId: env.venueId, gateId: env.gateId, kiosks: ids.slice(p * per, (p + 1) * per), seconds: o.seconds,
        visitRate: PEAK_VISITS_PER_KIOSK_S * o.load, heartbeatEveryS: 60 / o.load, riskPollEveryS: 300 / o.load,
      };
      // the device keys are secrets: owner-only, deleted with the folder
      const file = path.join(dir, `child-${p}.json`);
      writeFileSync(file, JSON.stringify(cfg), { mode: 0o600 });
      chmodSync(file, 0o600);
      return new Child(path.join(path.dirname(new URL(import.meta.url).pathname), 'sim-child.ts'), file);
    });
    const t0 = Date.now();
    const results = await Promise.all(children.map(async (c) => {
      const e = await c.waitFor((x) => x.event === 'done' || x.event === 'error', (o.seconds + 180) * 1000);
      if (e.event === 'error') throw new Error(`sim child: ${String(e.message)}`);
      return e as unknown as SimChildResult;
    }));
    const wall = (Date.now() - t0) / 1000;
    const kinds = ['visit', 'heartbeat', 'risk'] as const;
    const lat = Object.fromEntries(kinds.map((k) => [k, results.flatMap((r) => r.latencyMs[k])])) as Record<(typeof kinds)[number], number[]>;
    const errors: Record<string, number> = {};
    for (const r of results) for (const [k, n] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + n;
    const confirmed = new Set(results.flatMap((r) => r.acceptedIds));
    const onServer = new Set(await env.serverVisitIds());
    let lost = results.reduce((n, r) => n + r.unsent, 0);
    for (const id of confirmed) if (!onServer.has(id)) lost++;
    const requests = kinds.reduce((n, k) => n + lat[k].length, 0);
    const report: SimReport = {
      kiosks: ids.length, seconds: o.seconds, load: o.load, backend: o.backend,
      requestsPerS: requests / o.seconds, visitsPerS: confirmed.size / o.seconds,
      sent: Object.fromEntries(kinds.map((k) => [k, lat[k].length])) as SimReport['sent'],
      p50Ms: Object.fromEntries(kinds.map((k) => [k, Math.round(percentile(lat[k], 50) * 10) / 10])) as SimReport['p50Ms'],
      p99Ms: Object.fromEntries(kinds.map((k) => [k, Math.round(percentile(lat[k], 99) * 10) / 10])) as SimReport['p99Ms'],
      errors, visitsConfirmed: confirmed.size, visitsOnServer: onServer.size, lost,
      // every visit id is the primary key: a second copy would be a second row; extra rows = ids no kiosk holds
      duplicated: [...onServer].filter((id) => !confirmed.has(id)).length,
    };
    log(`done in ${wall.toFixed(0)} s: ${report.requestsPerS.toFixed(0)} requests/s, ${report.visitsPerS.toFixed(1)} visits/s; p50/p99 ms visit ${report.p50Ms.visit}/${report.p99Ms.visit}, heartbeat ${report.p50Ms.heartbeat}/${report.p99Ms.heartbeat}, risk ${report.p50Ms.risk}/${report.p99Ms.risk}; errors ${JSON.stringify(errors)}; visits ${report.visitsConfirmed} confirmed, ${report.visitsOnServer} on the server, lost ${lost}, duplicated ${report.duplicated}`);
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await env.close();
  }
}

if (process.argv[1]?.endsWith('national-sim.ts')) {
  const { values } = parseArgs({ options: { kiosks: { type: 'string' }, seconds: { type: 'string' }, processes: { type: 'string' }, backend: { type: 'string' }, load: { type: 'string' } } });
  runNationalSim({
    kiosks: Number(values.kiosks ?? 5000), seconds: Number(values.seconds ?? 120), processes: Number(values.processes ?? 4),
    backend: (values.backend ?? 'postgres') as Backend, load: Number(values.load ?? 1),
  }).then((r) => {
    console.log(JSON.stringify(r));
    process.exit(r.lost === 0 && r.duplicated === 0 ? 0 : 1);
  }, (err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
