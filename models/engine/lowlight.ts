// Low light: the passive and eye models were trained on lit faces. In a dim room the whole face crop is dark and
// fr_liveness calls a live face an attack (measured: a live selfie at 35 % light scored 0.40–0.73; the same
// frames with the crop brightened to a face luma of ~120 scored 0.999, while replays stayed ≤ 0.05 — see
// BENCHMARKS.md, liveness). So both crops are brightened (never darkened: a lit face is left exactly as it was)
// by one gain per frame taken from the face itself, not the frame (a dark face in front of a bright window
// must still be brightened).
import type { RgbImage } from './image';

export const LOW_LIGHT = {
  /** Mean luma (0–255, BT.601) the face is brought up to; lit faces in the fixtures sit at 100–170. */
  targetLuma: 120,
  /** At most this gain (a face at luma 30 → 120): beyond it the crop is mostly noise and JPEG blocks. */
  maxGain: 4,
};

/** Mean luma of the central part of a face rectangle (the middle 60 %, so hair and background count little). */
export function faceLuma(img: RgbImage, r: { x: number; y: number; width: number; height: number }): number {
  const x0 = Math.max(0, Math.floor(r.x + 0.2 * r.width));
  const x1 = Math.min(img.width, Math.ceil(r.x + 0.8 * r.width));
  const y0 = Math.max(0, Math.floor(r.y + 0.2 * r.height));
  const y1 = Math.min(img.height, Math.ceil(r.y + 0.8 * r.height));
  // every other pixel of every other row: ~1,000 samples for a 100-px face, plenty for a mean
  let s = 0;
  let n = 0;
  for (let y = y0; y < y1; y += 2) {
    for (let x = x0; x < x1; x += 2) {
      const p = (y * img.width + x) * 3;
      s += 0.299 * img.data[p]! + 0.587 * img.data[p + 1]! + 0.114 * img.data[p + 2]!;
      n++;
    }
  }
  return n === 0 ? LOW_LIGHT.targetLuma : s / n;
}

/** The gain (≥ 1) that brings this face to the target luma. */
export function lowLightGain(img: RgbImage, r: { x: number; y: number; width: number; height: number }): number {
  const l = faceLuma(img, r);
  return Math.min(LOW_LIGHT.maxGain, Math.max(1, LOW_LIGHT.targetLuma / Math.max(1, l)));
}

/** Multiplies a crop buffer by `gain`, clipped at `max` (255 for raw pixels, 1 for /255 input). */
export function applyGain(buf: Float32Array, gain: number, max: number): void {
  if (gain === 1) return;
  for (let i = 0; i < buf.length; i++) buf[i] = Math.min(max, buf[i]! * gain);
}
