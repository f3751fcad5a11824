// The sync agent on its own thread, seen from the gate's thread: the same surface as SyncAgent
// (start/stop/syncNow/lookupRegistration/status/events), so the kiosk's sync port does not know where
// the agent runs. A first 1M-entry risk list (seconds of parsing, verifying and inserting) runs in the
// worker and never delays a visitor's decision.
//
// Which file the worker runs: from source (tsx, vitest) sync-thread-worker.ts through a two-line tsx
// bootstrap (Node 20 does not apply `--import tsx` to a Worker's execArgv); in the bundled Electron app
// the bundler emits it as sync-worker.mjs, found through JEJAK_SYNC_WORKER (set by main.ts).
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SyncAgentEvents, SyncAgentOptions, SyncCycleReport, SyncStatus } from '../../sync/agent/sync-agent';
import { DEFAULT_LOOKUP_TIMEOUT_MS, type LookupResult } from '../../sync/agent/registrations';
import type { RiskPullResult } from '../../sync/agent/risk-pull';
import type { DataKeyStore } from '../store/types';
import { systemClock, type Clock } from '../../sync/protocol/clock';
import type { EventLog } from '../kiosk/event-log';
import { FromSyncWorker, SHARED_BYTES, sharedViews, type SyncWorkerInit, type ToSyncWorker } from './sync-thread-protocol';

/** What the kiosk composition needs of a sync agent, wherever it runs (SyncAgent itself fits). */
export interface SyncAgentHandle extends EventEmitter<SyncAgentEvents> {
  start(): void;
  stop(): Promise<void>;
  wake(): void;
  notifyRecorded(opts?: { alert?: boolean }): void;
  syncNow(): Promise<SyncCycleReport>;
  lookupRegistration(nikHash: string, timeoutMs?: number): Promise<LookupResult>;
  status(): SyncStatus;
  serverNowMs(): number;
}

/** Agent options that cross the thread boundary (plain data; the clock is shared separately). */
export type ThreadAgentOptions = Partial<Omit<SyncAgentOptions, 'store' | 'clock' | 'appVersion' | 'random' | 'gate'>>;

export interface SyncThreadOptions {
  dbPath: string;
  keyStore: DataKeyStore;
  appVersion: string;
  agentOptions?: ThreadAgentOptions;
  /** the device clock (tests move it); the worker follows it through a shared skew */
  clock?: Clock;
  log: EventLog;
  /** live queue depths from the gate's own connection (the worker's last word on them ages) */
  depths: { outboxDepth(): number; alertOutboxDepth(): number };
  /** the gate connection's busy counter (gateConnection() in gate-connection.ts) */
  shared: SharedArrayBuffer;
  /** worker entry override (tests); default: see the header */
  workerEntry?: string;
  /**
   * the gate's on-demand lookup made on this thread (gate-lookup.ts) instead of by the worker, which may be
   * busy for seconds applying a risk list; default: asked of the worker
   */
  lookup?: (nikHash: string, timeoutMs: number) => Promise<LookupResult>;
}

function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(path.join(path.dirname(pkgJson), pkg.exports['./esm/api']!.import.default)).href;
}

/** the worker entry for `new Worker()` (a .ts file is loaded through tsx); tests start their own workers with it */
export function workerScript(override?: string): { script: string; evalCode: boolean } {
  const here = fileURLToPath(import.meta.url);
  const file = override ?? process.env.JEJAK_SYNC_WORKER ?? (here.endsWith('.ts') ? path.join(path.dirname(here), 'sync-thread-worker.ts') : path.join(path.dirname(here), 'sync-worker.mjs'));
  if (!existsSync(file)) throw new Error(`sync worker entry not found: ${file}`);
  if (!file.endsWith('.ts')) return { script: file, evalCode: false };
  return { script: `import(${JSON.stringify(tsxEsmApiUrl())}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); })`, evalCode: true };
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
const RESTART_DELAYS_MS = [1000, 5000, 30_000];

export class SyncAgentThread extends EventEmitter<SyncAgentEvents> implements SyncAgentHandle {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private last: { status: SyncStatus; atMs: number; serverOffsetMs: number | null } | null = null;
  private started = false;
  private stopping = false;
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private skewTimer: NodeJS.Timeout | null = null;
  private threadError: { code: string; at: string } | null = null;
  private readonly views: ReturnType<typeof sharedViews>;
  private readonly now: () => Date;

  private constructor(private readonly opts: SyncThreadOptions) {
    super();
    if (opts.shared.byteLength < SHARED_BYTES) throw new Error('sync thread: shared buffer too small');
    this.views = sharedViews(opts.shared);
    const clock = opts.clock ?? systemClock;
    this.now = () => clock.now();
    this.syncSkew();
    // A moved clock (tests) reaches the worker within a tick even when no call is made.
    if (opts.clock) {
      this.skewTimer = setInterval(() => this.syncSkew(), 20);
      this.skewTimer.unref();
    }
  }

  /** Starts the worker and resolves once its store is open and the agent built (rejects if it cannot). */
  static async open(opts: SyncThreadOptions): Promise<SyncAgentThread> {
    const t = new SyncAgentThread(opts);
    try {
      await t.spawn();
    } catch (err) {
      if (t.skewTimer) clearInterval(t.skewTimer);
      throw err;
    }
    return t;
  }

  /**
   * Starts the worker without waiting for it (the kiosk's start-up does not wait for sync: the gate decides
   * from its own connection, and calls made meanwhile queue on the worker's port until it is up). A worker
   * that cannot start is logged and retried like a crashed one (its exit schedules the restart).
   */
  static startInBackground(opts: SyncThreadOptions, after?: Promise<unknown>): SyncAgentThread {
    const t = new SyncAgentThread(opts);
    const go = (): void => {
      if (t.stopping) return;
      let spawned: Promise<void>;
      try {
        spawned = t.spawn();
      } catch (err) {
        spawned = Promise.reject(err);
      }
      spawned.catch((err: unknown) => {
        t.threadError = { code: (err as { code?: string }).code ?? 'SYNC_THREAD_FAILED', at: t.now().toISOString() };
        opts.log.error('sync.thread_error', { error: err });
      });
      // start() called before the thread existed (provisioned kiosk at start-up): tell it now (queued on its port)
      if (t.started) t.post({ kind: 'start' });
    };
    // `after`: the thread is created once it settles (the first screen is up), so its module load and store
    // connection do not compete with Chromium's start; calls made before then answer as "offline"
    if (after) void after.then(go, go);
    else go();
    return t;
  }

  private syncSkew(): void {
    Atomics.store(this.views.skew, 0, BigInt(Math.round(this.now().getTime() - Date.now())));
  }

  private spawn(): Promise<void> {
    const { script, evalCode } = workerScript(this.opts.workerEntry);
    const init: SyncWorkerInit = {
      dbPath: this.opts.dbPath,
      dataKey: new Uint8Array(this.opts.keyStore.loadOrCreateKey()),
      keyStoreKind: this.opts.keyStore.kind,
      appVersion: this.opts.appVersion,
      agentOptions: { ...this.opts.agentOptions },
      shared: this.opts.shared,
    };
    const worker = new Worker(script, { eval: evalCode, workerData: init, name: 'jejak-sync' });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      let settled = false;
      worker.on('message', (raw: unknown) => {
        const parsed = FromSyncWorker.safeParse(raw);
        if (!parsed.success) {
          this.opts.log.error('sync.thread_bad_message', { issues: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`) });
          return;
        }
        const m = parsed.data;
        if (m.kind === 'ready' && !settled) {
          settled = true;
          this.onStatus(m.status, m.serverOffsetMs);
          resolve();
          return;
        }
        if (m.kind === 'fatal' && !settled) {
          settled = true;
          reject(Object.assign(new Error(`sync thread could not start: ${m.error.message}`), { code: m.error.code ?? 'SYNC_THREAD_FAILED' }));
          return;
        }
        this.onMessage(m);
      });
      worker.on('error', (err) => {
        this.opts.log.error('sync.thread_error', { error: err });
        if (!settled) {
          settled = true;
          reject(err);
        }
      });
      worker.on('exit', (code) => {
        if (this.worker === worker) this.worker = null;
        const err = new Error(`sync thread exited (code ${code})`);
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
        if (!settled) {
          settled = true;
          reject(err);
          return;
        }
        if (!this.stopping) this.onCrash(code);
      });
    });
    return this.ready;
  }

  /** The worker died under a running kiosk: the gate keeps deciding; sync comes back after a pause. */
  private onCrash(code: number): void {
    this.threadError = { code: `SYNC_THREAD_EXITED_${code}`, at: this.now().toISOString() };
    this.opts.log.error('sync.thread_exited', { code, restarts: this.restarts });
    const delay = RESTART_DELAYS_MS[Math.min(this.restarts, RESTART_DELAYS_MS.length - 1)]!;
    this.restarts++;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopping) return;
      this.spawn().then(
        () => {
          this.threadError = null;
          if (this.started) this.post({ kind: 'start' });
        },
        (err: unknown) => this.opts.log.error('sync.thread_restart_failed', { error: err }),
      );
    }, delay);
    this.restartTimer.unref();
  }

  private onStatus(status: SyncStatus, serverOffsetMs: number | null): void {
    this.last = { status, atMs: this.now().getTime(), serverOffsetMs };
  }

  private onMessage(m: FromSyncWorker): void {
    switch (m.kind) {
      case 'status':
        this.onStatus(m.status, m.serverOffsetMs);
        this.emit('status', this.status());
        return;
      case 'cycle':
        this.emit('cycle', m.report as SyncCycleReport);
        return;
      case 'riskUpdated':
        this.emit('risk-updated', m.result as Extract<RiskPullResult, { kind: 'applied' }>);
        return;
      case 'riskRejected':
        this.emit('risk-rejected', m.result as Extract<RiskPullResult, { kind: 'rejected' }>);
        return;
      case 'alertsSent':
        this.emit('alerts-sent', m.count);
        return;
      case 'revoked':
        this.emit('revoked', m.reason);
        return;
      case 'log':
        this.opts.log[m.level](m.event, m.fields);
        return;
      case 'result': {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (!p) return;
        if (m.ok) p.resolve(m.value);
        else p.reject(Object.assign(new Error(m.error.message), { name: m.error.name, code: m.error.code }));
        return;
      }
      default:
        return;
    }
  }

  private post(msg: ToSyncWorker): boolean {
    if (!this.worker) return false;
    this.syncSkew();
    this.worker.postMessage(msg);
    return true;
  }

  private call<T>(msg: ToSyncWorker & { id: number }): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (!this.worker) {
        reject(Object.assign(new Error('the sync thread is not running'), { code: 'SYNC_THREAD_DOWN' }));
        return;
      }
      this.pending.set(msg.id, { resolve: resolve as (v: unknown) => void, reject });
      this.post(msg);
    });
  }

  start(): void {
    this.started = true;
    this.post({ kind: 'start' });
  }

  wake(): void {
    this.post({ kind: 'wake' });
  }

  notifyRecorded(opts: { alert?: boolean } = {}): void {
    this.post({ kind: 'notifyRecorded', alert: opts.alert ?? false });
  }

  syncNow(): Promise<SyncCycleReport> {
    return this.call<SyncCycleReport>({ kind: 'syncNow', id: this.nextId++ });
  }

  /**
   * The gate's on-demand lookup. The deadline is kept here, on the gate's side: a worker busy with a
   * long step (a risk list being applied) answers late, and the gate must not wait for it.
   */
  async lookupRegistration(nikHash: string, timeoutMs?: number): Promise<LookupResult> {
    const limit = timeoutMs ?? this.opts.agentOptions?.lookupTimeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<LookupResult>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'unavailable', reason: 'TIMEOUT' }), limit + 100);
    });
    try {
      const asked = this.opts.lookup ? this.opts.lookup(nikHash, limit) : this.call<LookupResult>({ kind: 'lookup', id: this.nextId++, nikHash, timeoutMs: limit });
      return await Promise.race([asked, deadline]);
    } catch {
      return { kind: 'unavailable', reason: 'ERROR' };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The worker's last status, with the queue depths read now and the list's age brought up to now. */
  status(): SyncStatus {
    const last = this.last;
    const depths = { queueDepth: this.opts.depths.outboxDepth(), alertQueueDepth: this.opts.depths.alertOutboxDepth() };
    if (!last) {
      return {
        state: 'stopped', online: false, ...depths, lastSuccessfulSyncAt: null, lastAttemptAt: null, lastError: this.threadError,
        consecutiveFailures: 0, nextAttemptAt: null, riskListVersion: null, riskListAgeSeconds: null, riskListExpiresAt: null, clockOffsetMs: null, clockOff: false,
      };
    }
    const s = last.status;
    const elapsedS = Math.max(0, (this.now().getTime() - last.atMs) / 1000);
    return {
      ...s,
      ...depths,
      ...(this.threadError ? { state: 'offline' as const, online: false, lastError: this.threadError } : {}),
      riskListAgeSeconds: s.riskListAgeSeconds === null ? null : s.riskListAgeSeconds + elapsedS,
    };
  }

  serverNowMs(): number {
    return this.now().getTime() + (this.last?.serverOffsetMs ?? 0);
  }

  /** Stops the agent (its current step finishes; every ack is committed in the worker) and the thread. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.skewTimer) clearInterval(this.skewTimer);
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    try {
      await Promise.race([
        this.call<null>({ kind: 'stop', id: this.nextId++ }),
        new Promise((_, reject) => setTimeout(() => reject(new Error('sync thread did not stop in 30 s')), 30_000).unref()),
      ]);
    } catch (err) {
      this.opts.log.error('sync.thread_stop_failed', { error: err });
      await worker.terminate();
    }
    await exited;
    if (this.last) this.last = { ...this.last, status: { ...this.last.status, state: 'stopped' } };
  }
}
