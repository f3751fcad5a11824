// createFaceEngine: the FaceEngine the kiosk and the server use. Model work happens in an Inference
// (worker thread by default); decisions over sequences (fusion, liveness) are cheap and run here.
import { enrolFrom } from './core-enrol';
import type { AnalyzeRequest, Inference, InferenceResult } from './inference';
import { FailedInference, LocalInference } from './inference';
import { challengePrompt, challengeSeen, sessionReady } from './liveness';
import { ENGINE_NOT_READY } from './messages';
import { fusionYawBound, OPERATING_THRESHOLD, verifyAnalyses } from './verify';
import { defaultWeightsDir } from './weights';
import { WorkerInference } from './worker-client';
import {
  FaceEngineError,
  type EngineOptions,
  type EngineStatus,
  type EnrolResult,
  type FaceEngine,
  type FaceSession,
  type FaceTemplate,
  type FrameAnalysis,
  type FrameFeedback,
  type FrameInput,
  type VerifyPolicy,
  type VerifyResult,
} from './types';

export interface CreateOptions extends EngineOptions {
  /** onnxruntime intra-op threads (default 1: the kiosk tablet also runs the UI). */
  threads?: number;
  /** Worker entry file for bundled builds (see worker-client.ts). */
  workerEntry?: string;
}

export async function createFaceEngine(opts: CreateOptions = {}): Promise<FaceEngine> {
  const weightsDir = opts.weightsDir ?? defaultWeightsDir();
  const threads = opts.threads ?? 1;
  let inference: Inference;
  try {
    inference =
      opts.inWorker === false
        ? await LocalInference.start(weightsDir, threads)
        : await WorkerInference.start(weightsDir, { threads, ...(opts.workerEntry ? { workerEntry: opts.workerEntry } : {}) });
  } catch (err) {
    // Never crash the caller: the kiosk reads status() and REFERs.
    inference = new FailedInference(err);
  }
  return new Engine(inference, opts.clock ?? Date.now);
}

/**
 * Frames (RGBA or the renderer's JPEG camera frames) are analysed as camera frames: unpadded first, padded when
 * nothing is found or the face is a tight crop. Only enrolFromImage treats its input as a selfie photo.
 */
function sourceOf(_f: FrameInput): AnalyzeRequest['source'] {
  return 'camera';
}

function isAnalysis(f: FrameInput | FrameAnalysis): f is FrameAnalysis {
  return (f as FrameAnalysis).guidance !== undefined && (f as FrameInput).kind === undefined;
}

class Engine implements FaceEngine {
  private closed = false;
  constructor(
    private readonly inference: Inference,
    private readonly clock: () => number,
  ) {}

  status(): EngineStatus {
    return this.inference.status();
  }

  private unwrap<T>(r: InferenceResult<T>): T {
    if (r.ok) return r.value;
    throw new FaceEngineError(r.code, {
      id: r.code === 'BAD_INPUT' ? `Gambar tidak dapat dibaca: ${r.message}` : `Mesin wajah gagal: ${r.message}`,
      en: r.code === 'BAD_INPUT' ? `Image cannot be read: ${r.message}` : `Face engine failed: ${r.message}`,
    });
  }

  private ensureReady(): void {
    if (this.closed) throw new FaceEngineError('ENGINE_CLOSED', ENGINE_NOT_READY);
    const st = this.status();
    if (!st.ready) throw new FaceEngineError('ENGINE_NOT_READY', st.error?.message ?? ENGINE_NOT_READY, st.error?.file);
  }

  private async analyzeWith(frame: FrameInput, atMs: number, source: AnalyzeRequest['source'], templateBelowYaw?: number): Promise<FrameAnalysis> {
    this.ensureReady();
    validateFrame(frame);
    return this.unwrap(await this.inference.analyze({ frame, atMs, source, passive: true, ...(templateBelowYaw === undefined ? {} : { templateBelowYaw }) }));
  }

  async enrolFromImage(bytes: Uint8Array): Promise<EnrolResult> {
    this.ensureReady();
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw badInput('empty image');
    return this.unwrap(await this.inference.enrolImage(bytes));
  }

  async enrolFromFrames(frames: FrameInput[]): Promise<EnrolResult> {
    const analyses: FrameAnalysis[] = [];
    for (const f of frames) analyses.push(await this.analyzeWith(f, this.clock(), sourceOf(f)));
    return enrolFrom(analyses);
  }

  analyzeFrame(frame: FrameInput, atMs?: number): Promise<FrameAnalysis> {
    return this.analyzeWith(frame, atMs ?? this.clock(), sourceOf(frame));
  }

  async verifySequence(frames: FrameInput[] | FrameAnalysis[], templates: FaceTemplate[], policy: VerifyPolicy): Promise<VerifyResult> {
    this.ensureReady();
    const analyses: FrameAnalysis[] = [];
    for (const f of frames) analyses.push(isAnalysis(f) ? f : await this.analyzeWith(f, this.clock(), sourceOf(f)));
    return verifyAnalyses(analyses, templates, policy, this.status().recognitionModel, OPERATING_THRESHOLD);
  }

  startSession(opts: { policy: VerifyPolicy; minGoodFrames?: number }): FaceSession {
    this.ensureReady();
    const minGood = opts.minGoodFrames ?? 3;
    let frames: FrameAnalysis[] = [];
    let done = false;
    const check = () => {
      if (done) throw new FaceEngineError('BAD_INPUT', { id: 'Sesi wajah sudah selesai.', en: 'The face session has ended.' });
    };
    return {
      addFrame: async (frame: FrameInput, atMs?: number): Promise<FrameFeedback> => {
        check();
        // The landmark refinement and the two embeddings are most of a frame's cost; once the session holds
        // MAX_FUSED more frontal templates, a new frame's template could never be fused (verify.ts), so it is skipped.
        const a = await this.analyzeWith(frame, atMs ?? this.clock(), sourceOf(frame), fusionYawBound(frames));
        // Keep the summary only: the image itself is never retained.
        frames.push(a);
        const goodFrames = frames.filter((f) => f.ok).length;
        const seen = challengeSeen(opts.policy.challenge, frames) ?? true;
        const prompt = challengePrompt(opts.policy.challenge);
        return {
          analysis: a,
          // A good frame with the challenge still pending: tell them what to do next.
          guidance: a.ok && !seen && prompt ? prompt : a.guidance,
          goodFrames,
          challenge: { kind: opts.policy.challenge, seen, prompt },
          ready: sessionReady(frames, opts.policy, minGood),
        };
      },
      finish: async (templates: FaceTemplate[]): Promise<VerifyResult> => {
        check();
        done = true;
        const r = verifyAnalyses(frames, templates, opts.policy, this.status().recognitionModel, OPERATING_THRESHOLD);
        frames = [];
        return r;
      },
      cancel: () => {
        done = true;
        frames = [];
      },
    };
  }

  memory() {
    return this.inference.memory();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.inference.close();
  }
}

function badInput(why: string): FaceEngineError {
  return new FaceEngineError('BAD_INPUT', { id: `Masukan gambar tidak valid: ${why}`, en: `Invalid image input: ${why}` });
}

function validateFrame(frame: FrameInput): void {
  if (!frame || typeof frame !== 'object') throw badInput('no frame');
  if (frame.kind === 'rgba') {
    const { width, height, data } = frame;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 16 || height < 16 || width > 4096 || height > 4096) {
      throw badInput(`bad frame size ${String(width)}x${String(height)}`);
    }
    if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray) || data.length !== width * height * 4) {
      throw badInput(`RGBA frame of ${width}x${height} needs ${width * height * 4} bytes`);
    }
  } else if (frame.kind === 'encoded') {
    if (!(frame.bytes instanceof Uint8Array) || frame.bytes.length === 0) throw badInput('empty image');
  } else {
    throw badInput('unknown frame kind');
  }
}
