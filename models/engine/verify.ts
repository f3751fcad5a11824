// One decision from several frames: fuse the good frames' embeddings, compare with each of the person's
// templates (registration + confirmed visits) and keep the best; liveness judged on the whole sequence.
import { assessLiveness } from './liveness';
import { mostCommonIssue } from './core-issues';
import { VERIFY_ERRORS } from './messages';
import { cosineDistance } from './vectors';
import { decodeTemplate, fuse } from './template';
import type { FaceTemplate, FrameAnalysis, VerifyPolicy, VerifyResult, VerifyErrorCode } from './types';

/**
 * Operating threshold on cosine distance (match when distance < threshold). Calibrated on the dev set
 * (fixtures/faces: 582 LFW images, all 168,419 cross-identity pairs): FMR = 1e-3 is reached at 0.663;
 * 0.65 keeps a margin for unseen faces (dev FMR 6.4e-4, FNMR 0.92%). See readme-face.md.
 */
export const OPERATING_THRESHOLD = 0.65;
/** At most this many good frames are fused (the most frontal ones; ties: the earlier frame). */
export const MAX_FUSED = 8;

/**
 * The |yaw| a new frame must beat to be among the frames verifyAnalyses would fuse, given the session's frames so
 * far; undefined while fewer than MAX_FUSED good frames carry a template. A frame at or above it can never be fused
 * (the sort is stable, so an equal later frame does not displace an earlier one), so the session need not make its
 * template: the fused set — and the decision — stay exactly what they would be with every template made.
 */
export function fusionYawBound(frames: readonly FrameAnalysis[]): number | undefined {
  const yaws = frames.filter((f) => f.ok && f.template).map((f) => Math.abs(f.landmarks!.yaw));
  if (yaws.length < MAX_FUSED) return undefined;
  return yaws.sort((a, b) => a - b)[MAX_FUSED - 1];
}

export function verifyAnalyses(
  frames: readonly FrameAnalysis[],
  templates: readonly FaceTemplate[],
  policy: VerifyPolicy,
  recognitionModel: string,
  threshold = OPERATING_THRESHOLD,
): VerifyResult {
  const liveness = assessLiveness(frames, policy);
  const base = { threshold, liveness };
  const error = (code: VerifyErrorCode, framesUsed = 0): VerifyResult => ({
    ...base,
    match: false,
    accepted: false,
    distance: Infinity,
    framesUsed,
    error: { code, message: VERIFY_ERRORS[code] },
  });
  if (templates.length === 0) return error('NO_TEMPLATES');
  if (templates.some((t) => t.model !== recognitionModel)) return error('TEMPLATE_MODEL_MISMATCH');
  const good = frames
    .filter((f) => f.ok && f.template)
    .sort((a, b) => Math.abs(a.landmarks!.yaw) - Math.abs(b.landmarks!.yaw))
    .slice(0, MAX_FUSED);
  if (good.length === 0) return { ...error('NO_GOOD_FRAMES'), quality: mostCommonIssue([...frames]) };
  // Robust fusion: a stray frame (a bystander, or the detector firing on the back of a head — measured on the
  // rotation clip) is dropped when it sits beyond the threshold from the first fusion, if most frames agree.
  const vectors = good.map((f) => decodeTemplate(f.template!));
  const first = fuse(vectors);
  const agreeing = vectors.filter((v) => cosineDistance(first, v) < threshold);
  const usedVectors = agreeing.length > 0 && agreeing.length * 2 >= vectors.length ? agreeing : vectors;
  const live = fuse(usedVectors);
  let best = Infinity;
  for (const t of templates) {
    let v: Float32Array;
    try {
      v = decodeTemplate(t);
    } catch {
      return error('BAD_TEMPLATE');
    }
    if (v.length !== live.length || v.some((x) => !Number.isFinite(x))) return error('BAD_TEMPLATE');
    best = Math.min(best, cosineDistance(live, v));
  }
  const match = best < threshold;
  return { ...base, match, accepted: match && liveness.passed, distance: Math.round(best * 1e4) / 1e4, framesUsed: usedVectors.length };
}
