// Process plumbing of the fault suite: bundles the child scripts once (so 20+ kiosk restarts do not
// each pay a TypeScript compile), spawns the city server and kiosks as real processes, kills them with
// SIGKILL, and reads what each side holds at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
/** inside node_modules so the bundles resolve their (external) packages from the repo's node_modules */
const buildDir = path.join(root, 'node_modules', '.cache', 'jejak-faults');

let bundled: Promise<Record<string, string>> | null = null;

export function bundleChildren(): Promise<Record<string, string>> {
  bundled ??= (async () => {
    mkdirSync(buildDir, { recursive: true });
    // The server child runs under tsx instead: its SQL migrations are found relative to its source files.
    // The kiosk child runs its sync agent on a worker thread as the app does: that thread's entry too.
    const entries: Record<string, string> = {
      'kiosk-child': path.join(here, 'kiosk-child.ts'),
      'fleet-child': path.join(here, 'fleet-child.ts'),
      'sync-worker': path.join(root, 'electron/app/sync-thread-worker.ts'),
    };
    const out: Record<string, string> = {};
    await Promise.all(Object.entries(entries).map(async ([n, entry]) => {
      const outfile = path.join(buildDir, `${n}.mjs`);
      await build({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        outfile,
        logLevel: 'error',
        banner: { js: `import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);` },
      });
      out[n] = outfile;
    }));
    return out;
  })();
  return bundled;
}

export const SERVER_CHILD = path.join(here, 'server-child.ts');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface ChildEvent {
  event: string;
  [k: string]: unknown;
}

/** A child process speaking JSON lines on stdout. */
export class Child {
  readonly proc: ChildProcess;
  readonly events: ChildEvent[] = [];
  private waiters: { pred: (e: ChildEvent) => boolean; resolve: (e: ChildEvent) => void }[] = [];
  readonly exited: Promise<number | null>;
  stderr = '';

  constructor(script: string, arg: unknown, env: Record<string, string> = {}) {
    const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
    this.proc = spawn(process.execPath, [...loader, script, JSON.stringify(arg)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env }, cwd: root });
    let buf = '';
    this.proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        let e: ChildEvent;
        try {
          e = JSON.parse(line) as ChildEvent;
        } catch {
          continue;
        }
        this.events.push(e);
        this.waiters = this.waiters.filter((w) => {
          if (!w.pred(e)) return true;
          w.resolve(e);
          return false;
        });
      }
    });
    this.proc.stderr!.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    this.exited = new Promise((r) => this.proc.on('exit', (code) => r(code)));
  }

  waitFor(pred: (e: ChildEvent) => boolean, timeoutMs = 120_000): Promise<ChildEvent> {
    const hit = this.events.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`child: timeout waiting for event; stderr: ${this.stderr.slice(-800)}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (e) => { clearTimeout(t); resolve(e); } });
      void this.exited.then((code) => {
        if (this.waiters.length) {
          clearTimeout(t);
          reject(new Error(`child exited (${code}) before the event; stderr: ${this.stderr.slice(-800)}`));
        }
      });
    });
  }

  kill9(): Promise<number | null> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
    return this.exited;
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGTERM');
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(t);
  }
}

/** The visit ids a kiosk promised to keep (its journal), and what its store holds. */
export interface KioskHoldings {
  journal: string[];
  poison: Set<string>;
  storeIds: Set<string>;
  outboxIds: Set<string>;
  deadIds: Set<string>;
  integrity: string;
}

export function readKiosk(dataDir: string): KioskHoldings {
  const jf = path.join(dataDir, 'recorded.log');
  const lines = existsSync(jf) ? readFileSync(jf, 'utf8').split('\n').filter(Boolean) : [];
  const journal = lines.map((l) => l.split(' ')[0]!);
  const poison = new Set(lines.filter((l) => l.endsWith(' poison')).map((l) => l.split(' ')[0]!));
  const db = new Database(path.join(dataDir, 'kiosk.db'), { readonly: true });
  try {
    const ids = (sql: string): Set<string> => new Set((db.prepare(sql).raw().all() as [string][]).map((r) => r[0]));
    const integrity = (db.prepare('PRAGMA integrity_check').raw().all() as [string][]).map((r) => r[0]).join(';');
    return {
      journal,
      poison,
      storeIds: ids('SELECT id FROM visits'),
      outboxIds: ids('SELECT visit_id FROM visit_outbox'),
      deadIds: ids("SELECT ref_id FROM dead_letter WHERE kind = 'visit'"),
      integrity,
    };
  } finally {
    db.close();
  }
}

export interface Tally {
  recorded: number;
  onServer: number;
  lost: number;
  duplicated: number;
  deadLettered: number;
  /** on the server but not in any kiosk (should never happen) */
  ghosts: number;
  integrityOk: boolean;
  problems: string[];
}

/**
 * "Nothing lost": every journalled visit is on the server or still queued; after healing the server's
 * visit-id set equals the kiosks' (minus the poison records, which sit in dead-letter), no id twice.
 */
export function tally(kiosks: KioskHoldings[], serverIds: string[], opts: { healed: boolean }): Tally {
  const problems: string[] = [];
  const server = new Set(serverIds);
  const duplicatedServer = serverIds.length - server.size;
  let recorded = 0;
  let lost = 0;
  let dupJournal = 0;
  let onServer = 0;
  let dead = 0;
  const kioskAll = new Set<string>();
  let integrityOk = true;
  for (const k of kiosks) {
    recorded += k.journal.length;
    dupJournal += k.journal.length - new Set(k.journal).size;
    if (k.integrity !== 'ok') {
      integrityOk = false;
      problems.push(`integrity_check: ${k.integrity.slice(0, 200)}`);
    }
    for (const id of k.journal) {
      if (server.has(id)) onServer++;
      else if (k.outboxIds.has(id)) {
        if (opts.healed) problems.push(`still queued after healing: ${id}`);
      } else if (k.deadIds.has(id) && k.poison.has(id)) dead++;
      else {
        lost++;
        if (problems.length < 20) problems.push(`lost ${id}${k.deadIds.has(id) ? ' (dead-lettered but not poison)' : ''}`);
      }
    }
    for (const id of k.storeIds) kioskAll.add(id);
    for (const id of k.deadIds) if (!k.poison.has(id) && k.storeIds.has(id) && !server.has(id)) problems.push(`unexpected dead letter ${id}`);
  }
  let ghosts = 0;
  for (const id of server) if (!kioskAll.has(id)) ghosts++;
  if (opts.healed) {
    for (const k of kiosks) for (const id of k.storeIds) if (!server.has(id) && !k.poison.has(id)) {
      lost++;
      if (problems.length < 20) problems.push(`in the kiosk store but not on the server: ${id}`);
    }
  }
  if (ghosts) problems.push(`${ghosts} visit ids on the server that no kiosk holds`);
  return { recorded, onServer, lost, duplicated: duplicatedServer + dupJournal, deadLettered: dead, ghosts, integrityOk, problems };
}
