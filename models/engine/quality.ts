// Per-frame quality gate. Limits were set from measurements (readme-face.md): LFW dev photos and the live
// clips pass; the rejected cases are clearly worse than anything in them.
import type { Detection } from './detector';
import { QUALITY_MESSAGES } from './messages';
import type { QualityCode, QualityIssue } from './types';

export const QUALITY_LIMITS = {
  /** A second face at least this fraction of the main face's width is "another person at the kiosk". */
  otherFaceRatio: 0.6,
  /** Inter-ocular distance in frame pixels; the aligned crop puts eyes 35 px apart (LFW dev min 24.5, median 42). */
  minInterOcularPx: 24,
  /** |yaw proxy| above this is not frontal: a clear head turn (LFW dev p1–p99: −0.69…0.69; recognition holds to ~0.5). */
  maxYaw: 0.5,
  /** |pitch proxy| above this is looking clearly up/down (LFW dev p1–p99: −0.23…0.26). */
  maxPitch: 0.3,
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
  if (q.luma !== null && q.luma < L.minLuma) return issue('TOO_DARK');
  if (q.luma !== null && q.luma > L.maxLuma) return issue('TOO_BRIGHT');
  if (q.sharpness !== null && q.sharpness < L.minSharpness) return issue('BLURRED');
  return null;
}
