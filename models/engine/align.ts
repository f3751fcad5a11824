// 5-point similarity alignment onto the standard ArcFace 112×112 template. The recogniser was trained on
// faces aligned this way; a 3-point affine (what faceplugin's own JS does) shears faces and costs ~5× EER.
import type { Point } from './landmarks';

export const ARCFACE_TEMPLATE: readonly Point[] = [
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
];

function mean(points: readonly Point[]): Point {
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
  }
  return { x: x / points.length, y: y / points.length };
}

/** Eyes (means of 36–41 and 42–47), nose tip 30, mouth corners 48 and 54, from 68 landmarks. */
export function fivePoints(lm: readonly Point[]): Point[] {
  return [mean(lm.slice(36, 42)), mean(lm.slice(42, 48)), lm[30]!, lm[48]!, lm[54]!];
}

/**
 * Least-squares similarity (rotation, uniform scale, shift) taking `from` points onto `to` points,
 * returned as the affine [a, b, c, d, e, f]: to = (a·x + b·y + c, d·x + e·y + f).
 */
export function similarity(from: readonly Point[], to: readonly Point[]): [number, number, number, number, number, number] {
  const mf = mean(from);
  const mt = mean(to);
  let num1 = 0;
  let num2 = 0;
  let den = 0;
  for (let i = 0; i < from.length; i++) {
    const fx = from[i]!.x - mf.x;
    const fy = from[i]!.y - mf.y;
    const tx = to[i]!.x - mt.x;
    const ty = to[i]!.y - mt.y;
    num1 += fx * tx + fy * ty;
    num2 += fx * ty - fy * tx;
    den += fx * fx + fy * fy;
  }
  const a = num1 / den;
  const b = num2 / den;
  return [a, -b, mt.x - a * mf.x + b * mf.y, b, a, mt.y - b * mf.x - a * mf.y];
}

/** The output→source map for a 112×112 aligned crop of the face with these 68 landmarks. */
export function alignmentMap(lm: readonly Point[]): [number, number, number, number, number, number] {
  return similarity(ARCFACE_TEMPLATE, fivePoints(lm));
}
