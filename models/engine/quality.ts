// Per-frame quality gate. Limits were set from measurements (readme-face.md): LFW dev photos and the live
// clips pass; the rejected cases are clearly worse than anything in them.
import type { Detection } from './detector';
import { QUALITY_MESSAGES } from './messages';
import type { QualityCode, QualityIssue } from './types';

export const QUALITY_LIMITS = {
  /**
   * Detector score of the main face below this is not a visible face: the back or far side of a head, which the
   * detector still boxes at 0.72–0.92 and the landmark net fits with plausible-looking points (yaw ≈ 0), so no
   * geometric check refuses it; its embedding is ~1.0 from the person's own. Measured (640×480 JPEG q0.85, 4–8 fps):
   * frames of the bona fide clips that pass the other checks score ≥ 0.995 (dimmed ×0.35 too, but for one dim
   * looking-down tran frame at 0.907); every LFW dev photo (faces/ + faces-more/, 1,869) ≥ 0.978 (those the gate
   * passes ≥ 0.987); the pexels clip's rear views that passed scored 0.78–0.92. A rear three-quarter view can still
   * score 0.979 (pexels 21.6 s): not separable by this score without cutting into LFW.
   */
  minDetectorScore: 0.95,
  /** A second face at least this fraction of the main face's width is "another person at the kiosk". */
  otherFaceRatio: 0.6,
  /** Inter-ocular distance in frame pixels; the aligned crop puts eyes 35 px apart (LFW dev min 24.5, median 42). */
  minInterOcularPx: 24,
  /** |yaw proxy| above this is not frontal: a clear head turn (LFW dev p1–p99: −0.69…0.69; recognition holds to ~0.5). */
  maxYaw: 0.5,
  /** |pitch proxy| above this is looking clearly up/down (LFW dev p1–p99: −0.23…0.26). */
  maxPitch: 0.3,
  /**
   * A mouth narrower than this AND less than `minMouthDrop` below the eye line (inter-ocular units, geometry.ts mouthProportions) is
   * landmarks folded onto a profile, not a face: the pexels clip's profile frames that passed at detector score
   * 0.97–1.0 measured width 0.36–0.48 / drop 0.58–0.78; frames the gate passes in LFW dev (1,600) and the live
   * clips (looking down/up and turns included): width ≥ 0.637, drop ≥ 0.820, never both below these (1 LFW
   * photo is, Ken_Watanabe_0001, already NOT_FRONTAL at yaw −1.2).
   */
  minMouthWidth: 0.6,
  minMouthDrop: 0.85,
  /** Mean luma (0–255) of the aligned face (LFW dev min 46; LFW darkened to 30% brightness: median 34). */
  minLuma: 40,
  /** (LFW dev max 185; LFW brightened ×1.8+60: median 222.) */
  maxLuma: 215,
  /** Variance of the Laplacian on the aligned 112×112 grey face (LFW dev min 19.7, median 131; Gaussian blur σ 2.5: median 12). */
  minSharpness: 15,
};

export interface QualityInput {
  detections: Detection[];
  main: Detection | null;
  interOcularPx: number | null;
  yaw: number | null;
  pitch: number | null;
  mouth: { width: number; drop: number } | null;
  luma: number | null;
  sharpness: number | null;
}

export function issue(code: QualityCode): QualityIssue {
  return { code, message: QUALITY_MESSAGES[code] };
}

export function otherFaces(detections: Detection[], main: Detection): number {
  return detections.filter((d) => d !== main && d.width >= QUALITY_LIMITS.otherFaceRatio * main.width).length;
}

/** The first failed check, in the order a person can fix them. */
export function qualityIssue(q: QualityInput): QualityIssue | null {
  const L = QUALITY_LIMITS;
  if (!q.main) return issue('NO_FACE');
  if (otherFaces(q.detections, q.main) > 0) return issue('MULTIPLE_FACES');
  if (q.interOcularPx !== null && q.interOcularPx < L.minInterOcularPx) return issue('TOO_SMALL');
  if ((q.yaw !== null && Math.abs(q.yaw) > L.maxYaw) || (q.pitch !== null && Math.abs(q.pitch) > L.maxPitch)) return issue('NOT_FRONTAL');
  if (q.mouth && q.mouth.width < L.minMouthWidth && q.mouth.drop < L.minMouthDrop) return issue('NOT_FRONTAL');
  if (q.luma !== null && q.luma < L.minLuma) return issue('TOO_DARK');
  if (q.luma !== null && q.luma > L.maxLuma) return issue('TOO_BRIGHT');
  if (q.sharpness !== null && q.sharpness < L.minSharpness) return issue('BLURRED');
  // Last: a real face that is dark or blurred is told so above; what is left with a weak box shows no face.
  if (q.main.score < L.minDetectorScore) return issue('NO_FACE');
  return null;
}
