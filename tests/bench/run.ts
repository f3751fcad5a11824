// Benchmark harness: `npm run bench -- <suite> [--json]`.
// Each suite lives in tests/bench/suites/<name>.ts and exports `run(log)` returning its figures.
// With --json the last line printed is one JSON object of the figures (machine-readable for CI and BENCHMARKS.md).
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchSuite } from './suite';

const here = path.dirname(fileURLToPath(import.meta.url));
const suitesDir = path.join(here, 'suites');

function availableSuites(): string[] {
  return readdirSync(suitesDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const names = args.filter((a) => !a.startsWith('--'));
  const suites = availableSuites();
  if (names.length === 0) {
    console.error(`usage: npm run bench -- <suite> [--json]\nsuites: ${suites.join(', ')}`);
    process.exit(2);
  }
  for (const n of names) {
    if (!suites.includes(n)) {
      console.error(`unknown suite "${n}"; suites: ${suites.join(', ')}`);
      process.exit(2);
    }
  }
  console.log(`machine: ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  const figures: Record<string, number | string | boolean> = {};
  for (const n of names) {
    const mod = (await import(pathToFileURL(path.join(suitesDir, `${n}.ts`)).href)) as { default: BenchSuite };
    console.log(`\n== suite ${n} ==`);
    const out = await mod.default.run((line) => console.log(`  ${line}`));
    for (const [k, v] of Object.entries(out)) {
      console.log(`  ${k.padEnd(34)} ${typeof v === 'number' ? round(v) : v}`);
      figures[k] = typeof v === 'number' ? round(v) : v;
    }
  }
  if (json) console.log(JSON.stringify(figures));
}

function round(v: number): number {
  return Math.abs(v) >= 100 ? Math.round(v * 10) / 10 : Math.round(v * 1000) / 1000;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
