// Scenario 9 (issue 14, PostgreSQL only): two city server processes on one schema behind a load
// balancer (our fault proxy choosing an upstream per connection among the processes that are up). Two
// kiosks record and upload visits while both processes publish risk-list versions and run their upkeep
// (partitions, purge) every few hundred ms, and one of them is kill -9'd at random moments — during
// ingest, during a publication, during upkeep — and restarted. Then: nothing lost, nothing duplicated,
// every version published exactly once (1..N, no gap, no version announced twice), and every kiosk ends
// on the latest list with its digest.
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { randomEntries } from './feed-fixture';
import { Child, freePort, SERVER_CHILD, sleep } from './harness';
import { startFaultProxy } from './proxy';
import { finish, heal, kiosk, type ScenarioResult, type ScenarioSize } from './scenarios';
import type { ScenarioEnv } from './env';
import type { ServerChildConfig } from './server-store';

type Log = (line: string) => void;

const rand = (a: number, b: number): number => a + Math.random() * (b - a);

interface Proc {
  cfg: ServerChildConfig;
  child: Child | null;
}

async function start(p: Proc): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const child = new Child(SERVER_CHILD, p.cfg);
    try {
      await child.waitFor((e) => e.event === 'listening', 60_000);
      p.child = child;
      return;
    } catch (err) {
      await child.kill9();
      if (attempt >= 5) throw err; // the killed predecessor may hold the port for a moment
      await sleep(300);
    }
  }
}

export async function twoServers(env: ScenarioEnv, size: ScenarioSize, log: Log): Promise<ScenarioResult> {
  const notes: string[] = [];
  const problems: string[] = [];
  // A list big enough that a publication takes a while (so kills land inside some), small enough to be quick.
  const v1 = await env.publishRisk(randomEntries(20_000));
  // Kiosks enrol on the scenario's own server before the two processes take over.
  const kiosks = await Promise.all(['k1', 'k2'].map((n) => kiosk(env, n, { targetVisits: size.visits, visitEveryMs: 4, agent: { baseMs: 50, capMs: 800, batchSize: 50, riskIntervalMs: 500 } })));
  await env.killServer();

  const base = { ...env.serverCfg, publishEveryMs: 400, config: { ...env.serverCfg.config, maintenanceIntervalMs: 250 } };
  const procs: Proc[] = [{ cfg: { ...base, port: env.serverCfg.port }, child: null }, { cfg: { ...base, port: await freePort() }, child: null }];
  await Promise.all(procs.map(start));
  const up = new Set([0, 1]);
  let rr = 0;
  const lb = await startFaultProxy({ targetPort: procs[0]!.cfg.port, pickTarget: () => {
    const alive = [...up];
    return procs[alive[rr++ % alive.length] ?? 0]!.cfg.port;
  } });

  const children = await Promise.all(kiosks.map((k) => k.spawn({ serverUrl: lb.url })));
  let done = 0;
  for (const c of children) void c.waitFor((e) => e.event === 'recorded', 600_000).then(() => done++, () => done++);

  const announced = new Map<number, number>();
  const allEvents: { event: string; [k: string]: unknown }[][] = [];
  let kills = 0;
  let killsInPublication = 0;
  while (kills < size.serverKills || done < children.length) {
    await sleep(rand(300, 1200));
    if (kills >= size.serverKills) continue;
    const i = Math.random() < 0.5 ? 0 : 1;
    const p = procs[i]!;
    const ev = p.child!.events;
    const lastPublish = [...ev].reverse().find((e) => e.event.startsWith('publish'));
    if (lastPublish?.event === 'publish-start') killsInPublication++;
    up.delete(i); // the balancer's health check would notice; connections in flight are cut by the kill
    await p.child!.kill9();
    allEvents.push(ev);
    kills++;
    await sleep(rand(100, 700));
    await start(p);
    up.add(i);
  }
  for (const c of children) await c.kill9();
  for (const p of procs) {
    allEvents.push(p.child!.events);
    await p.child!.stop();
  }
  await lb.close();
  for (const events of allEvents) {
    for (const e of events) if (e.event === 'published') announced.set(e.version as number, (announced.get(e.version as number) ?? 0) + 1);
  }
  const refusedPublications = allEvents.flat().filter((e) => e.event === 'publish-refused').length;

  // Heal on one server (no more publications), then check the publications in the database.
  await env.startServer();
  for (const k of kiosks) await heal(env, { spawn: (over = {}) => k.spawn({ serverUrl: env.proxy.url, ...over }) }, log);
  const db = new pg.Client({ connectionString: env.pgUrl! });
  await db.connect();
  let versions: number[];
  try {
    versions = (await db.query(`SELECT version FROM ${env.serverCfg.pgSchema}.risk_versions WHERE list_id = $1 ORDER BY version`, [env.config.riskListId])).rows.map((r: { version: number }) => Number(r.version));
  } finally {
    await db.end();
  }
  const latest = versions[versions.length - 1] ?? 0;
  if (versions.join(',') !== Array.from({ length: latest }, (_, i) => i + 1).join(',')) problems.push(`versions are not 1..${latest} without gaps: ${versions.join(',')}`);
  for (const [v, n] of announced) {
    if (n !== 1) problems.push(`version ${v} announced by ${n} publications`);
    if (!versions.includes(v)) problems.push(`version ${v} announced but not in the database`);
  }
  if (latest <= v1 + 1) problems.push(`only ${latest - v1} publications happened during the scenario`);

  // Every kiosk ends on the latest list (it polls every 500 ms; its agent checks signatures and the digest).
  const head = await env.store.latestRiskVersion(env.config.riskListId);
  for (const k of kiosks) {
    const c = await k.spawn({ syncForever: true, serverUrl: env.proxy.url, agent: { riskIntervalMs: 200 } });
    const t0 = Date.now();
    let meta: { version: number; digest: string } | undefined;
    while (Date.now() - t0 < 60_000) {
      const kdb = new Database(path.join(k.dir, 'kiosk.db'), { readonly: true });
      meta = kdb.prepare('SELECT version, digest FROM risk_list_meta').get() as typeof meta;
      kdb.close();
      if (meta?.version === latest) break;
      await sleep(300);
    }
    await c.kill9();
    if (meta?.version !== latest || meta.digest !== head?.setDigest) problems.push(`kiosk ${path.basename(k.dir)} ends on version ${meta?.version ?? 'none'} (latest ${latest}), digest ${meta?.digest === head?.setDigest ? 'matches' : 'differs'}`);
  }
  log(`two servers: ${kills} kill -9 (${killsInPublication} during a publication), versions 1..${latest}, ${refusedPublications} publications refused (the other process had published first, or its connection was cut)`);
  notes.push(`${kills} server kills of 2 processes (${killsInPublication} during a publication; upkeep every 250 ms), versions ${v1 + 1}..${latest} published once each, ${refusedPublications} concurrent publications refused, both kiosks on v${latest}`);
  const r = await finish(env, '9 two servers, kill -9', kiosks.map((k) => k.dir), notes, size.visits * kiosks.length);
  r.problems.push(...problems);
  return r;
}
