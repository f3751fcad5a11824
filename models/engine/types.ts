// Public types of the face engine. The kiosk's trusted side (electron/) and the city server (sync/server/)
// code against these names; the engine's internals may change, these should not.
//
// Two ways to use it:
//  1. Batch: `analyzeFrame` each camera frame (or pass raw frames) and then `verifySequence(frames, templates, policy)`.
//  2. Live camera (recommended for the kiosk): `const s = engine.startSession({ policy })`, then for every
//     camera frame `const fb = await s.addFrame(frame)`; show `fb.guidance` (bilingual) and `fb.challenge.prompt`;
//     when `fb.ready` is true (enough good frames and the challenge seen) or a timeout of your choosing passes,
//     call `await s.finish(templates)` for the decision. A session keeps only small per-frame summaries
//     (landmarks, scores, embeddings), never the images, and forgets them on finish/cancel.
// Admit on the face check only when `VerifyResult.accepted` (match AND liveness). A blink lasts 100–200 ms:
// feed ≥ 8–10 frames/s for the blink challenge. FrameAnalysis.template is biometric data: keep it in the
// trusted process, never send it to the renderer or logs.

// The one module of ours models/ may import (eslint.config.js): the challenge list is the kiosk's and the policy's.
import type { Challenge } from '../../sync/protocol/gate-vocabulary';
export type { Challenge };

/** Text a person reads: Bahasa Indonesia first, English second. */
export interface Bilingual {
  id: string;
  en: string;
}

export type QualityCode =
  | 'NO_FACE'
  | 'MULTIPLE_FACES'
  | 'TOO_SMALL'
  | 'NOT_FRONTAL'
  | 'TOO_DARK'
  | 'TOO_BRIGHT'
  | 'BLURRED';

export interface QualityIssue {
  code: QualityCode;
  message: Bilingual;
}

/** A face template. `model` names the recognition model + preprocessing version; templates of another model are refused. */
export interface FaceTemplate {
  model: string;
  /** base64 of Float32 little-endian values, L2-normalised */
  vector: string;
}

/** A camera frame (RGBA, e.g. from ImageData / a video frame) or an encoded image (JPEG/PNG). */
export type FrameInput =
  | { kind: 'rgba'; data: Uint8Array | Uint8ClampedArray; width: number; height: number }
  | { kind: 'encoded'; bytes: Uint8Array };

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Measurements of one frame's face, in frame pixels; what liveness and guidance are computed from. */
export interface LandmarkSummary {
  box: FaceBox;
  /** Detector confidence 0..1. */
  detectorScore: number;
  /** Yaw proxy (clamped to ±2): where the nose tip sits between the jaw ends. ~0 frontal, ±0.5 a clear head turn, ±1 profile. Sign is image-left/right. */
  yaw: number;
  /** Pitch proxy: nose tip height between the eye line (0) and the mouth line (1), minus its frontal value. */
  pitch: number;
  /** Eye aspect ratio (68-point landmarks), eyes in image order. Informational: face-api's landmarks barely move in blinks, so blinks use eyeOpen. */
  ear: [number, number];
  /** Probability the eyes are open from fr_eye.onnx (mean of both eyes), or null when the eye model was not run. */
  eyeOpen: number | null;
  interOcularPx: number;
  /** 68 landmarks normalised to the face (similarity-aligned to the eye line), flat [x0,y0,x1,y1,...]: used for the micro-movement check. */
  shape: number[];
}

export interface FrameAnalysis {
  /** True when the frame passed the quality gate and carries a template. */
  ok: boolean;
  /** The first failed quality check, if any. */
  issue: QualityIssue | null;
  /** What to tell the person now (the issue's message, or a neutral "hold still" when ok). */
  guidance: Bilingual;
  faces: number;
  /** Mean luma 0..255 of the face area, and a sharpness measure (variance of the Laplacian on the aligned face). */
  brightness: number | null;
  sharpness: number | null;
  landmarks: LandmarkSummary | null;
  template: FaceTemplate | null;
  /** Passive presentation-attack score 0..1 (1 = live) for this frame, or null when not computed. */
  passiveScore: number | null;
  /** When the frame was seen (engine clock, ms); used for blink timing. */
  atMs: number;
  /** Time spent analysing, ms. */
  ms: number;
}


export interface VerifyPolicy {
  challenge: Challenge;
  requirePassive: boolean;
}

export type LivenessReason =
  | 'PASSIVE_SPOOF' // the presentation-attack score says photo/screen
  | 'NO_MOTION' // the face never moved non-rigidly: a still photo
  | 'CHALLENGE_NOT_SEEN' // no blink / no head turn in the sequence
  | 'TOO_FEW_FRAMES'; // not enough good frames to judge

export interface LivenessResult {
  passed: boolean;
  /** Median passive score over the frames used (1 = live), null when not computed. */
  passiveScore: number | null;
  challenge: Challenge;
  challengePassed: boolean | null;
  /** Non-rigid landmark motion over the sequence (normalised units); a still photo gives ~0. */
  motion: number;
  reason?: LivenessReason;
  message?: Bilingual;
}

export type VerifyErrorCode = 'NO_TEMPLATES' | 'TEMPLATE_MODEL_MISMATCH' | 'BAD_TEMPLATE' | 'NO_GOOD_FRAMES';

export interface VerifyResult {
  /** The face matches one of the templates (distance < threshold). Says nothing about liveness. */
  match: boolean;
  /** match && liveness.passed: what the gate should use to admit on the face check. */
  accepted: boolean;
  /** Cosine distance (1 − cos) of the fused live embedding to the best template; Infinity when nothing compared. */
  distance: number;
  threshold: number;
  framesUsed: number;
  liveness: LivenessResult;
  /** The most frequent quality problem when there were no good frames. */
  quality?: QualityIssue;
  error?: { code: VerifyErrorCode; message: Bilingual };
}

export type EnrolResult =
  | { ok: true; template: FaceTemplate; quality: { faceWidthPx: number; brightness: number; sharpness: number; yaw: number } }
  | { ok: false; quality: QualityIssue };

export type Backend = 'tensorflow' | 'wasm' | 'none';

export type EngineErrorCode = 'MODEL_MISSING' | 'MODEL_CORRUPT' | 'ENGINE_FAILED';

export interface EngineStatus {
  ready: boolean;
  /** tfjs backend running the landmark model ('tensorflow' = tfjs-node, else 'wasm'); 'none' when not ready. */
  backend: Backend;
  /** Recognition model id, the same string as FaceTemplate.model. */
  recognitionModel: string;
  /** Detector in use, e.g. 'fr_detect-rfb320'. */
  detector: string;
  /** When not ready: why. The kiosk must REFER everyone to staff in that state. */
  error?: { code: EngineErrorCode; file?: string; message: Bilingual };
}

/** Per-frame feedback of a live session. */
export interface FrameFeedback {
  analysis: FrameAnalysis;
  guidance: Bilingual;
  goodFrames: number;
  challenge: { kind: Challenge; seen: boolean; prompt: Bilingual | null };
  /** Enough good frames and the challenge (if any) seen: call finish(). */
  ready: boolean;
}

export interface FaceSession {
  /** Analyse one camera frame. `atMs` defaults to the engine clock. Frames must be added one at a time (await each). */
  addFrame(frame: FrameInput, atMs?: number): Promise<FrameFeedback>;
  /** Decide on the frames seen so far against the person's templates (match on the best). Ends the session. */
  finish(templates: FaceTemplate[]): Promise<VerifyResult>;
  /** Forget the frames without deciding. */
  cancel(): void;
}

export interface EngineOptions {
  /** Folder holding the weights and manifest.json; default models/weights next to this package. */
  weightsDir?: string;
  /** Run inference on a worker thread (default true). false runs in-process (tests, CLIs, the server). */
  inWorker?: boolean;
  /** Clock for frame timestamps (ms). Default Date.now. */
  clock?: () => number;
}

export interface EngineMemory {
  rssMb: number;
  /** tfjs tensors alive (should stay constant between calls). */
  numTensors: number;
}

export interface FaceEngine {
  status(): EngineStatus;
  /** Enrol from a JPEG/PNG selfie (same quality gate as live frames; a poor selfie is refused with the reason). */
  enrolFromImage(bytes: Uint8Array): Promise<EnrolResult>;
  /** Enrol from several live frames (fused); refused if no frame is good. */
  enrolFromFrames(frames: FrameInput[]): Promise<EnrolResult>;
  analyzeFrame(frame: FrameInput, atMs?: number): Promise<FrameAnalysis>;
  verifySequence(frames: FrameInput[] | FrameAnalysis[], templates: FaceTemplate[], policy: VerifyPolicy): Promise<VerifyResult>;
  startSession(opts: { policy: VerifyPolicy; minGoodFrames?: number }): FaceSession;
  /** Memory figures of the process doing inference (the worker when inWorker). */
  memory(): Promise<EngineMemory>;
  close(): Promise<void>;
}

/** Thrown by engine calls when status().ready is false (the kiosk must REFER), or on invalid input. */
export class FaceEngineError extends Error {
  constructor(
    readonly code: EngineErrorCode | 'ENGINE_NOT_READY' | 'BAD_INPUT' | 'ENGINE_CLOSED',
    readonly bilingual: Bilingual,
    readonly file?: string,
  ) {
    super(`${code}: ${bilingual.en}${file ? ` (${file})` : ''}`);
    this.name = 'FaceEngineError';
  }
}
