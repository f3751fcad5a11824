// Pose and eye measurements from 68 landmarks (iBUG order), and the eye-line-normalised shape used by the
// micro-movement check.
import type { Point } from './landmarks';

const dist = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

function centre(lm: readonly Point[], from: number, to: number): Point {
  let x = 0;
  let y = 0;
  for (let i = from; i < to; i++) {
    x += lm[i]!.x;
    y += lm[i]!.y;
  }
  return { x: x / (to - from), y: y / (to - from) };
}

/** Eye aspect ratio of the eye whose 6 points start at `o` (36 or 42). */
export function eyeAspectRatio(lm: readonly Point[], o: number): number {
  return (dist(lm[o + 1]!, lm[o + 5]!) + dist(lm[o + 2]!, lm[o + 4]!)) / (2 * dist(lm[o]!, lm[o + 3]!));
}

/**
 * Yaw proxy in −1..1: where the nose tip (30) sits between the jaw ends (0 and 16).
 * ~0 frontal (measured |yaw| < 0.1 on frontal clip frames), ~±0.5 at a clear head turn, ~±1 near profile.
 */
export function yawProxy(lm: readonly Point[]): number {
  const l = lm[30]!.x - lm[0]!.x;
  const r = lm[16]!.x - lm[30]!.x;
  // Degenerate landmarks (e.g. the back of a head found by the detector) can make l + r ≈ 0: clamp.
  const y = (l - r) / Math.max(1e-3, Math.abs(l + r));
  return Math.max(-2, Math.min(2, y));
}

/** Pitch proxy: nose tip (30) height between the eye line (0) and mouth-corner line (1), minus FRONTAL_PITCH. */
export const FRONTAL_PITCH = 0.55;
export function pitchProxy(lm: readonly Point[]): number {
  const eyes = centre(lm, 36, 48);
  const mouth = { x: (lm[48]!.x + lm[54]!.x) / 2, y: (lm[48]!.y + lm[54]!.y) / 2 };
  const v = { x: mouth.x - eyes.x, y: mouth.y - eyes.y };
  const len2 = v.x * v.x + v.y * v.y || 1;
  const t = ((lm[30]!.x - eyes.x) * v.x + (lm[30]!.y - eyes.y) * v.y) / len2;
  return t - FRONTAL_PITCH;
}

export function interOcular(lm: readonly Point[]): number {
  return dist(centre(lm, 36, 42), centre(lm, 42, 48));
}

/** Landmarks translated to the eye midpoint, rotated to a level eye line and scaled to inter-ocular distance 1. */
export function normalisedShape(lm: readonly Point[]): number[] {
  const le = centre(lm, 36, 42);
  const re = centre(lm, 42, 48);
  const mid = { x: (le.x + re.x) / 2, y: (le.y + re.y) / 2 };
  const dx = re.x - le.x;
  const dy = re.y - le.y;
  const d = Math.hypot(dx, dy) || 1;
  const c = dx / d;
  const s = dy / d;
  const out: number[] = [];
  for (const p of lm) {
    const x = p.x - mid.x;
    const y = p.y - mid.y;
    out.push(Math.round(((c * x + s * y) / d) * 1e4) / 1e4, Math.round(((-s * x + c * y) / d) * 1e4) / 1e4);
  }
  return out;
}

/**
 * The mouth in inter-ocular units, on the eye-line-normalised shape: corner-to-corner width (48–54) and how far the
 * corners' midpoint sits below the eye line. A frontal face: width ≈ 0.7–1.0, drop ≈ 1.0–1.2. Where the landmark
 * net folds 68 points onto a profile or the back of a head, the "eyes" spread wide over the face box and the
 * mouth comes out small both ways (measured 0.36–0.48 and 0.58–0.78) while the yaw/pitch proxies look frontal.
 */
export function mouthProportions(shape: readonly number[]): { width: number; drop: number } {
  return { width: shape[2 * 54]! - shape[2 * 48]!, drop: (shape[2 * 48 + 1]! + shape[2 * 54 + 1]!) / 2 };
}

/**
 * Non-rigid motion over a sequence of normalised shapes: the median over landmarks of each landmark's
 * standard deviation (inter-ocular units). A photo — still, or moved/rotated/zoomed as a whole — keeps its
 * normalised shape, so this stays near the landmark model's jitter; a live face blinks, talks and turns in 3-D.
 */
export function nonRigidMotion(shapes: readonly number[][]): number {
  if (shapes.length < 2) return 0;
  const n = shapes[0]!.length / 2;
  const sds: number[] = [];
  for (let i = 0; i < n; i++) {
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    for (const s of shapes) {
      const x = s[2 * i]!;
      const y = s[2 * i + 1]!;
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
    }
    const m = shapes.length;
    sds.push(Math.sqrt(Math.max(0, sxx / m - (sx / m) ** 2 + syy / m - (sy / m) ** 2)));
  }
  sds.sort((a, b) => a - b);
  return sds[sds.length >> 1]!;
}
