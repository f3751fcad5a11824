// Fault-injection suite: `npm run test:faults [-- --short] [--backend sqlite|postgres|both] [--only 1,3]`.
// Real kiosk store and real city server PROCESSES on 127.0.0.1 with our TCP fault proxy between them.
// Prints one line per scenario (visits recorded, on server, lost, duplicated); the last line is JSON
// {"scenarios":N,"visits":N,"lost":0,"duplicated":0}. Exit code 1 if anything was lost or duplicated.
import { postgresUrl } from '../helpers/postgres';
import { ScenarioEnv, type Backend } from './env';
import { FULL, SCENARIOS, SHORT, type ScenarioResult, type ScenarioSize } from './scenarios';
import { bundleChildren } from './harness';

export interface SuiteSummary {
  scenarios: number;
  visits: number;
  lost: number;
  duplicated: number;
  results: (ScenarioResult & { backend: Backend; seconds: number })[];
}

export async function runFaultSuite(opts: { backends: Backend[]; only?: number[]; size: ScenarioSize; log?: (line: string) => void }): Promise<SuiteSummary> {
  const log = opts.log ?? ((l: string) => console.log(l));
  await bundleChildren();
  const results: SuiteSummary['results'] = [];
  for (const backend of opts.backends) {
    const pg = backend === 'postgres' ? postgresUrl() : null;
    if (backend === 'postgres' && !pg) continue;
    for (const s of SCENARIOS) {
      if (opts.only && !opts.only.includes(s.id)) continue;
      if ('backends' in s && !(s.backends as readonly Backend[]).includes(backend)) continue;
      const env = await ScenarioEnv.create(backend, `s${s.id}`, pg);
      const t0 = Date.now();
      try {
        const r = await s.run(env, opts.size, (line) => log(`    [${backend} ${s.id}] ${line}`));
        const seconds = (Date.now() - t0) / 1000;
        results.push({ ...r, backend, seconds });
        const bad = r.lost > 0 || r.duplicated > 0 || r.problems.length > 0 || !r.integrityOk;
        log(`${bad ? 'FAIL' : 'ok  '} ${backend.padEnd(8)} ${r.name.padEnd(24)} recorded ${String(r.recorded).padStart(5)}  on server ${String(r.onServer).padStart(5)}  lost ${r.lost}  duplicated ${r.duplicated}${r.deadLettered ? `  dead-lettered ${r.deadLettered}` : ''}  integrity ${r.integrityOk ? 'ok' : 'BAD'}  (${seconds.toFixed(0)} s)`);
        for (const n of r.notes) log(`       ${n}`);
        for (const p of r.problems.slice(0, 10)) log(`       PROBLEM ${p}`);
      } catch (err) {
        const seconds = (Date.now() - t0) / 1000;
        log(`FAIL ${backend.padEnd(8)} scenario ${s.id} crashed: ${(err as Error).message}`);
        results.push({ name: `scenario ${s.id}`, backend, seconds, recorded: 0, onServer: 0, lost: 1, duplicated: 0, deadLettered: 0, ghosts: 0, integrityOk: false, problems: [(err as Error).message], notes: [] });
      } finally {
        await env.close().catch(() => undefined);
      }
    }
  }
  return {
    scenarios: results.length,
    visits: results.reduce((n, r) => n + r.recorded, 0),
    lost: results.reduce((n, r) => n + r.lost, 0),
    duplicated: results.reduce((n, r) => n + r.duplicated, 0),
    results,
  };
}

function parseArgs(argv: string[]): { backends: Backend[]; only?: number[]; size: ScenarioSize } {
  let backends: Backend[] = ['sqlite', 'postgres'];
  let only: number[] | undefined;
  let size = FULL;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--short') size = SHORT;
    else if (a === '--backend') {
      const b = argv[++i];
      backends = b === 'both' ? ['sqlite', 'postgres'] : [b as Backend];
    } else if (a === '--only') only = (argv[++i] ?? '').split(',').map(Number);
  }
  return { backends, ...(only ? { only } : {}), size };
}

const invokedDirectly = process.argv[1]?.endsWith('run.ts');
if (invokedDirectly) {
  const args = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  runFaultSuite(args).then((s) => {
    console.log(`${s.scenarios} scenario runs, ${s.visits} visits, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    console.log(JSON.stringify({ scenarios: s.scenarios, visits: s.visits, lost: s.lost, duplicated: s.duplicated }));
    const failed = s.results.some((r) => r.lost > 0 || r.duplicated > 0 || r.problems.length > 0 || !r.integrityOk);
    process.exit(failed ? 1 : 0);
  }, (err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
