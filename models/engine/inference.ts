// What the main-thread engine needs from whoever runs the models: in-process (LocalInference) or on a
// worker thread (WorkerInference, worker-client.ts). Same messages either way.
import { FaceCore, DETECTOR_ID } from './core';
import { BadImageError, decodeImage, frameToRgb } from './image';
import type { EngineMemory, EngineStatus, EnrolResult, FrameAnalysis, FrameInput } from './types';
import { WeightsError } from './weights';

export interface AnalyzeRequest {
  frame: FrameInput;
  atMs: number;
  source: 'photo' | 'camera';
  passive: boolean;
  /** See AnalyzeOptions.templateBelowYaw (core.ts): live sessions skip templates that could never be fused. */
  templateBelowYaw?: number;
}

export type InferenceResult<T> = { ok: true; value: T } | { ok: false; code: 'BAD_INPUT' | 'ENGINE_FAILED'; message: string };

export interface Inference {
  status(): EngineStatus;
  analyze(req: AnalyzeRequest): Promise<InferenceResult<FrameAnalysis>>;
  enrolImage(bytes: Uint8Array): Promise<InferenceResult<EnrolResult>>;
  memory(): Promise<EngineMemory>;
  close(): Promise<void>;
}

export function notReadyStatus(err: unknown): EngineStatus {
  if (err instanceof WeightsError) {
    return { ready: false, backend: 'none', recognitionModel: '', detector: DETECTOR_ID, error: { code: err.code, file: err.file, message: err.bilingual } };
  }
  const msg = err instanceof Error ? err.message : String(err);
  return {
    ready: false,
    backend: 'none',
    recognitionModel: '',
    detector: DETECTOR_ID,
    error: {
      code: 'ENGINE_FAILED',
      message: { id: `Mesin pengenal wajah gagal dimulai: ${msg}`, en: `The face engine failed to start: ${msg}` },
    },
  };
}

async function guard<T>(fn: () => Promise<T>): Promise<InferenceResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof BadImageError) return { ok: false, code: 'BAD_INPUT', message: err.message };
    return { ok: false, code: 'ENGINE_FAILED', message: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Runs the models on the calling thread. Used inside the worker, and directly when inWorker is false.
 * Requests are serialised: the models reuse their input buffers and onnxruntime's run() yields, so two
 * overlapping requests (two sessions, or concurrent server uploads) would otherwise overwrite each other's input.
 */
export class LocalInference implements Inference {
  private queue: Promise<unknown> = Promise.resolve();

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private constructor(
    private core: FaceCore | null,
    private readonly st: EngineStatus,
  ) {}

  static async start(weightsDir: string, threads = 1): Promise<LocalInference> {
    try {
      const core = await FaceCore.load(weightsDir, threads);
      await core.warmUp();
      return new LocalInference(core, { ready: true, backend: core.backend, recognitionModel: core.recognitionModel, detector: DETECTOR_ID });
    } catch (err) {
      return new LocalInference(null, notReadyStatus(err));
    }
  }

  status(): EngineStatus {
    return this.st;
  }

  analyze(req: AnalyzeRequest): Promise<InferenceResult<FrameAnalysis>> {
    return this.serial(() => guard(async () => this.need().analyze(await frameToRgb(req.frame), {
          source: req.source,
          passive: req.passive,
          atMs: req.atMs,
          ...(req.templateBelowYaw === undefined ? {} : { templateBelowYaw: req.templateBelowYaw }),
        })));
  }

  enrolImage(bytes: Uint8Array): Promise<InferenceResult<EnrolResult>> {
    return this.serial(() => guard(async () => this.need().enrolPhoto(await decodeImage(bytes))));
  }

  async memory(): Promise<EngineMemory> {
    if (this.core) return this.core.memory();
    return { rssMb: process.memoryUsage().rss / 2 ** 20, numTensors: 0 };
  }

  /** Waits for the request in progress, then frees the models; later requests fail as not ready. */
  async close(): Promise<void> {
    await this.serial(async () => {
      const core = this.core;
      this.core = null;
      await core?.dispose();
    });
  }

  private need(): FaceCore {
    if (!this.core) throw new Error('engine not ready');
    return this.core;
  }
}

/** An engine that could not start at all (e.g. the worker file is missing): reports why, runs nothing. */
export class FailedInference implements Inference {
  private readonly st: EngineStatus;
  constructor(err: unknown) {
    this.st = notReadyStatus(err);
  }
  status(): EngineStatus {
    return this.st;
  }
  async analyze(): Promise<InferenceResult<FrameAnalysis>> {
    return { ok: false, code: 'ENGINE_FAILED', message: this.st.error?.message.en ?? 'engine not ready' };
  }
  async enrolImage(): Promise<InferenceResult<EnrolResult>> {
    return { ok: false, code: 'ENGINE_FAILED', message: this.st.error?.message.en ?? 'engine not ready' };
  }
  async memory(): Promise<EngineMemory> {
    return { rssMb: process.memoryUsage().rss / 2 ** 20, numTensors: 0 };
  }
  async close(): Promise<void> {}
}
