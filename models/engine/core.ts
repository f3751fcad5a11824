// The in-process engine: loads verified weights and turns one image into a FrameAnalysis. Runs inside the
// worker thread (createFaceEngine default) or directly (inWorker: false — CLIs, server, tests).
import { performance } from 'node:perf_hooks';
import type { InferenceSession } from 'onnxruntime-node';
import { alignmentMap } from './align';
import { FaceDetector, pickCentral, type Detection } from './detector';
import { EyeStateModel } from './eyes';
import { interOcular, mouthProportions, normalisedShape, pitchProxy, yawProxy, eyeAspectRatio } from './geometry';
import { lumaStats, warpAffine, type RgbImage } from './image';
import { LandmarkModel, loadTfRuntime, type TfRuntime } from './landmarks';
import { HOLD_STILL } from './messages';
import { createSession, loadOrt } from './ort';
import { PassiveLiveness } from './passive';
import { qualityIssue, otherFaces } from './quality';
import { Recognizer } from './recognizer';
import { encodeTemplate } from './template';
import type { Backend, EngineMemory, EnrolResult, FrameAnalysis } from './types';
import { enrolFrom } from './core-enrol';
import { loadVerifiedWeights, shortHash } from './weights';

/** Detector crop scale for the landmark net (square side = max(w,h) × this); 1.1 measured best on dev. */
const LANDMARK_CROP = 1.1;
/**
 * Second landmark pass for the embedding: the 68 points are found again on a square around the first pass's
 * points (side = their extent × this), which centres the face in the net's 112×112 input whatever the
 * detector's box did. Measured on both dev sets with flip averaging (recognizer.ts): FNMR at FMR 1e-3 pooled
 * 0.92 % -> 0.73 %, faces-more 0.85 % -> 0.64 %, faces unchanged; 1.5 did less, a wider detector crop (1.3) worse.
 */
const REFINED_CROP = 1.25;
/**
 * How templates are made inside the embedding space the model id names; changes whenever the same image would give
 * a different vector (eval caches key on it, so a cached template is never scored as if it came from this build).
 */
export const TEMPLATE_PIPELINE = `lm${LANDMARK_CROP}-refined${REFINED_CROP}-flipavg/v2`;
/** Black border (fraction of each side) for encoded photos: tight selfie/ID crops are missed without it. */
const PHOTO_PAD = 0.25;

export const DETECTOR_ID = 'fr_detect-rfb320';

export interface AnalyzeOptions {
  /** 'photo' pads before detecting (tight selfie crops); 'camera' tries unpadded first, padded if nothing is found or the face is tight. */
  source: 'photo' | 'camera';
  passive: boolean;
  atMs: number;
  /** Compute the template even when the quality gate fails (evaluation: measures acquisition, not the gate). */
  alwaysTemplate?: boolean;
  /**
   * Live sessions: make the template only when the frame's |yaw| (as reported, 3 decimals) is below this — the
   * session already holds MAX_FUSED more frontal templated frames, so this one could never be fused (verify.ts).
   * Undefined: always (single frames, enrolment, evaluation).
   */
  templateBelowYaw?: number;
}

export class FaceCore {
  private constructor(
    readonly backend: Backend,
    readonly recognitionModel: string,
    private readonly rt: TfRuntime,
    private readonly detector: FaceDetector,
    private readonly landmarks: LandmarkModel,
    private readonly recognizer: Recognizer,
    private readonly passive: PassiveLiveness,
    private readonly eyes: EyeStateModel,
    private readonly sessions: InferenceSession[],
  ) {}

  /** Throws WeightsError (MODEL_MISSING / MODEL_CORRUPT) naming the file when a weight fails its check. */
  static async load(weightsDir: string, threads = 1): Promise<FaceCore> {
    const w = loadVerifiedWeights(weightsDir);
    const ort = await loadOrt();
    const rt = await loadTfRuntime();
    const [det, feat, live, eye] = await Promise.all([
      createSession(ort, w['fr_detect.onnx'], threads, 'fr_detect.onnx'),
      createSession(ort, w['fr_feature.onnx'], threads, 'fr_feature.onnx'),
      createSession(ort, w['fr_liveness.onnx'], threads, 'fr_liveness.onnx'),
      createSession(ort, w['fr_eye.onnx'], threads, 'fr_eye.onnx'),
    ]);
    const lm = await LandmarkModel.load(rt, w['face_landmark_68_model-weights_manifest.json'], w['face_landmark_68_model.bin']);
    // The id names the embedding space templates are compared in (network + 5-point alignment + BGR). The refined
    // landmark crop and flip averaging stay in that space: a template made before them against one made after
    // measured FNMR at FMR 1e-3 0.87 % pooled (old vs old 0.92 %), so enrolled templates keep working.
    const modelId = `faceplugin-fr_feature-${shortHash(w['fr_feature.onnx'])}/align5-bgr/v1`;
    return new FaceCore(
      rt.backend,
      modelId,
      rt,
      new FaceDetector(ort, det),
      lm,
      new Recognizer(ort, feat),
      new PassiveLiveness(ort, live),
      new EyeStateModel(ort, eye),
      [det, feat, live, eye],
    );
  }

  /** Runs every model once on a synthetic frame so the first visitor does not pay for lazy initialisation. */
  async warmUp(): Promise<void> {
    const img: RgbImage = { data: new Uint8Array(640 * 480 * 3).fill(128), width: 640, height: 480 };
    const box = { x: 260, y: 180, width: 120, height: 120, score: 1 };
    const lm = await this.landmarks.detect(img, box, LANDMARK_CROP);
    await this.detector.detect(img, 0);
    await this.recognizer.embed(img, lm);
    await this.passive.score(img, box);
    await this.eyes.open(img, lm);
  }

  async analyze(img: RgbImage, opts: AnalyzeOptions): Promise<FrameAnalysis> {
    const t0 = performance.now();
    let dets = await this.detector.detect(img, opts.source === 'photo' ? PHOTO_PAD : 0);
    if (opts.source === 'camera') {
      // A camera frame rarely needs padding; a close-up or a photo-like crop does (the box runs off the edge).
      const first = pickCentral(dets, img.width, img.height);
      if (!first || isTight(first, img)) {
        const padded = await this.detector.detect(img, PHOTO_PAD);
        if (padded.length > 0) dets = padded;
      }
    }
    const main = pickCentral(dets, img.width, img.height);
    const base = { faces: dets.length, atMs: opts.atMs };
    if (!main) {
      const q = qualityIssue({ detections: dets, main: null, interOcularPx: null, yaw: null, pitch: null, mouth: null, luma: null, sharpness: null })!;
      return { ...base, ok: false, issue: q, guidance: q.message, brightness: null, sharpness: null, landmarks: null, template: null, passiveScore: null, ms: performance.now() - t0 };
    }
    const lm = await this.landmarks.detect(img, main, LANDMARK_CROP);
    // Brightness and sharpness on the aligned face, so background and framing do not count.
    const grey = new Float32Array(112 * 112);
    warpAffine(img, 112, 112, alignmentMap(lm), grey, 'grey', 1, 0);
    const stats = lumaStats(grey, 112, 112);
    const yaw = yawProxy(lm);
    const pitch = pitchProxy(lm);
    const iod = interOcular(lm);
    const shape = normalisedShape(lm);
    const q = qualityIssue({ detections: dets, main, interOcularPx: iod, yaw, pitch, mouth: mouthProportions(shape), luma: stats.mean, sharpness: stats.laplacianVar });
    const eyeOpen = await this.eyes.open(img, lm);
    const passiveScore = opts.passive ? await this.passive.score(img, main) : null;
    let vector: Float32Array | null = null;
    const wanted = opts.templateBelowYaw === undefined || Math.abs(round(yaw, 3)) < opts.templateBelowYaw;
    if ((!q || opts.alwaysTemplate) && wanted) vector = await this.recognizer.embed(img, await this.landmarks.detect(img, extentOf(lm), REFINED_CROP));
    return {
      ...base,
      ok: q === null,
      issue: q,
      guidance: q ? q.message : HOLD_STILL,
      brightness: round(stats.mean, 1),
      sharpness: round(stats.laplacianVar, 1),
      landmarks: {
        box: { x: round(main.x, 1), y: round(main.y, 1), width: round(main.width, 1), height: round(main.height, 1) },
        detectorScore: round(main.score, 3),
        yaw: round(yaw, 3),
        pitch: round(pitch, 3),
        ear: [round(eyeAspectRatio(lm, 36), 3), round(eyeAspectRatio(lm, 42), 3)],
        eyeOpen: round((eyeOpen[0] + eyeOpen[1]) / 2, 3),
        interOcularPx: round(iod, 1),
        shape,
      },
      template: vector ? encodeTemplate(this.recognitionModel, vector) : null,
      passiveScore: passiveScore === null ? null : round(passiveScore, 4),
      ms: round(performance.now() - t0, 2),
    };
  }

  /** Enrolment from a selfie: the live-frame quality gate, plus no other face of comparable size. */
  async enrolPhoto(img: RgbImage): Promise<EnrolResult> {
    const a = await this.analyze(img, { source: 'photo', passive: false, atMs: 0 });
    return enrolFrom([a]);
  }

  async memory(): Promise<EngineMemory> {
    return { rssMb: process.memoryUsage().rss / 2 ** 20, numTensors: this.rt.tf.memory().numTensors };
  }

  /** Frees the tfjs landmark weights and the four onnxruntime sessions. */
  async dispose(): Promise<void> {
    this.landmarks.dispose();
    await Promise.all(this.sessions.map((s) => s.release()));
  }
}

/** The box the 68 points span (frame pixels). */
export function extentOf(lm: readonly { x: number; y: number }[]): { x: number; y: number; width: number; height: number } {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of lm) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The face fills much of the image or its box leaves the frame: detect again with padding. */
function isTight(d: Detection, img: RgbImage): boolean {
  return d.width > 0.4 * img.width || d.x < 0 || d.y < 0 || d.x + d.width > img.width || d.y + d.height > img.height;
}

function round(v: number, d: number): number {
  const k = 10 ** d;
  return Math.round(v * k) / k;
}

export { otherFaces };
