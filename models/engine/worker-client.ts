// Runs inference on a worker thread so camera frames never block the main process (IPC, screens).
//
// Which file the worker runs is decided by `resolveWorkerEntry()`:
//  - from source (tsx, vitest): models/engine/worker.ts. Node 20 does not apply `--import tsx` from a Worker's
//    execArgv (measured: "Unknown file extension .ts"), so a two-line bootstrap registers tsx's ESM loader inside
//    the worker and then imports worker.ts;
//  - in the bundled Electron app: the bundler emits the worker as its own entry. Point JEJAK_FACE_WORKER (or the
//    `workerEntry` option) at that file, or ship it as `face-worker.js` beside the bundle that contains this code.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalyzeRequest, Inference, InferenceResult } from './inference';
import { notReadyStatus } from './inference';
import type { EngineMemory, EngineStatus, EnrolResult, FrameAnalysis } from './types';
import type { WorkerRequest, WorkerResponse } from './worker-protocol';

export interface WorkerEntry {
  /** The file that runs the models. */
  file: string;
  /** What `new Worker()` gets: the file itself (.js), or bootstrap code (eval) that loads tsx first (.ts). */
  script: string;
  evalCode: boolean;
}

/** URL of tsx's ESM register API (resolved through the package's "exports", import condition). */
function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(path.join(path.dirname(pkgJson), pkg.exports['./esm/api']!.import.default)).href;
}

export function resolveWorkerEntry(override?: string): WorkerEntry {
  const explicit = override ?? process.env.JEJAK_FACE_WORKER;
  const here = fileURLToPath(import.meta.url);
  const dir = path.dirname(here);
  const file = explicit ?? (here.endsWith('.ts') ? path.join(dir, 'worker.ts') : path.join(dir, 'face-worker.js'));
  if (!existsSync(file)) throw new Error(`face worker entry not found: ${file}`);
  if (!file.endsWith('.ts')) return { file, script: file, evalCode: false };
  const code = `import(${JSON.stringify(tsxEsmApiUrl())}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); })`;
  return { file, script: code, evalCode: true };
}

type RequestBody = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;
type Pending = { resolve: (v: InferenceResult<unknown>) => void; reject: (e: Error) => void };

export class WorkerInference implements Inference {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private dead: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    private st: EngineStatus,
  ) {
    worker.on('message', (m: WorkerResponse) => {
      if (m.kind !== 'result') return;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      p?.resolve(m.result);
    });
    const fail = (err: Error) => {
      this.dead = err;
      this.st = notReadyStatus(err);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`face worker exited (code ${code})`)));
  }

  static async start(weightsDir: string, opts: { threads: number; workerEntry?: string }): Promise<WorkerInference> {
    const entry = resolveWorkerEntry(opts.workerEntry);
    const worker = new Worker(entry.script, { eval: entry.evalCode, workerData: { weightsDir, threads: opts.threads } });
    const status = await new Promise<EngineStatus>((resolve) => {
      const onMsg = (m: WorkerResponse) => {
        if (m.kind === 'ready') {
          cleanup();
          resolve(m.status);
        }
      };
      const onErr = (err: Error) => {
        cleanup();
        resolve(notReadyStatus(err));
      };
      const onExit = (code: number) => {
        cleanup();
        resolve(notReadyStatus(new Error(`face worker exited during start (code ${code})`)));
      };
      const cleanup = () => {
        worker.off('message', onMsg);
        worker.off('error', onErr);
        worker.off('exit', onExit);
      };
      worker.on('message', onMsg);
      worker.on('error', onErr);
      worker.on('exit', onExit);
    });
    return new WorkerInference(worker, status);
  }

  status(): EngineStatus {
    return this.st;
  }

  private call<T>(req: RequestBody): Promise<InferenceResult<T>> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<InferenceResult<T>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: InferenceResult<unknown>) => void, reject });
      this.worker.postMessage({ ...req, id } as WorkerRequest);
    });
  }

  analyze(req: AnalyzeRequest): Promise<InferenceResult<FrameAnalysis>> {
    return this.call({ op: 'analyze', req });
  }

  enrolImage(bytes: Uint8Array): Promise<InferenceResult<EnrolResult>> {
    return this.call({ op: 'enrol', bytes });
  }

  async memory(): Promise<EngineMemory> {
    const r = await this.call<EngineMemory>({ op: 'memory' });
    if (!r.ok) throw new Error(r.message);
    return r.value;
  }

  async close(): Promise<void> {
    if (!this.dead) {
      await this.call({ op: 'close' }).catch(() => undefined);
      this.dead = new Error('face engine closed');
    }
    await this.worker.terminate();
  }
}
