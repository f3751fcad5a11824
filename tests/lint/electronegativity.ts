// `npm run lint` step: @doyensec/electronegativity over the Electron sources, failing on ANY finding.
// The tool itself exits 0 whatever it finds, so we read its SARIF report; a report that is missing or
// unreadable is a failure too (a scan that did not run proves nothing).
//
// Reviewed exceptions are `eng-disable <CHECK> -- <reason>` comments on the line concerned; they are
// listed on every run so a reviewer sees them. The online check AvailableSecurityFixesGlobalCheck is
// skipped: it downloads Electron's release list, and lint must work offline (the Electron version is
// pinned in package-lock and upgraded deliberately).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Finding {
  check: string;
  message: string;
  file: string;
  line: number | null;
}

function electronVersion(): string {
  try {
    return (require('electron/package.json') as { version: string }).version;
  } catch {
    return '41.0.0';
  }
}

export function runElectronegativity(inputDir: string): Finding[] {
  const cli = require.resolve('@doyensec/electronegativity/dist/index.js');
  const out = mkdtempSync(path.join(os.tmpdir(), 'eneg-'));
  const report = path.join(out, 'report.sarif');
  try {
    const run = spawnSync(process.execPath, [cli, '-i', inputDir, '-o', report, '-r', '-v', 'false', '-e', electronVersion(), '-x', 'AvailableSecurityFixesGlobalCheck'], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (run.error) throw new Error(`electronegativity did not run: ${run.error.message}`);
    let sarif: { runs?: Array<{ results?: Array<{ ruleId?: string; message?: { text?: string }; locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }> }> }> };
    try {
      sarif = JSON.parse(readFileSync(report, 'utf8'));
    } catch {
      throw new Error(`electronegativity wrote no readable report (exit ${run.status}): ${run.stderr.slice(-500)}`);
    }
    const results = sarif.runs?.[0]?.results;
    if (!Array.isArray(results)) throw new Error('electronegativity report has no results array');
    return results.map((r) => {
      const loc = r.locations?.[0]?.physicalLocation;
      return { check: r.ruleId ?? '?', message: r.message?.text ?? '', file: loc?.artifactLocation?.uri ?? '?', line: loc?.region?.startLine ?? null };
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Every `eng-disable` annotation under dir, so reviewed exceptions stay visible. */
export function listExceptions(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|js|cjs|mjs|html)$/.test(name)) {
        readFileSync(full, 'utf8').split('\n').forEach((line, i) => {
          const m = /eng-disable\s+([A-Z_ ]+?)\s*(--.*?)?\s*(\*\/|-->|$)/.exec(line);
          if (m) found.push(`${path.relative(root, full)}:${i + 1} ${m[1]!.trim()} ${m[2] ?? '(no reason given)'}`);
        });
      }
    }
  };
  walk(dir);
  return found;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const input = path.join(root, 'electron');
  const exceptions = listExceptions(input);
  const unexplained = exceptions.filter((e) => e.endsWith('(no reason given)'));
  const findings = runElectronegativity(input);
  for (const e of exceptions) console.log(`electronegativity: reviewed exception ${e}`);
  for (const f of findings) console.error(`electronegativity: ${f.check} ${f.file}${f.line ? `:${f.line}` : ''} ${f.message}`);
  for (const e of unexplained) console.error(`electronegativity: an eng-disable without a "-- reason": ${e}`);
  if (findings.length > 0 || unexplained.length > 0) {
    console.error(`electronegativity: ${findings.length} finding(s), ${unexplained.length} unexplained exception(s) — lint fails`);
    process.exit(1);
  }
  console.log('electronegativity: 0 findings');
}
