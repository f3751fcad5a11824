// Image decoding and pixel sampling. Decoding is sharp's job (JPEG/PNG); everything after works on
// packed RGB bytes so one bilinear sampler serves the detector, landmark, eye, liveness and recognition crops.
import sharp from 'sharp';
import type { FrameInput } from './types';

export interface RgbImage {
  /** packed RGB, row-major, 3 bytes per pixel */
  data: Uint8Array;
  width: number;
  height: number;
}

export class BadImageError extends Error {}

/** Largest side accepted; bigger inputs are downscaled on decode (a kiosk camera frame or selfie never needs more). */
const MAX_SIDE = 1280;

export async function decodeImage(bytes: Uint8Array): Promise<RgbImage> {
  try {
    const img = sharp(bytes, { failOn: 'error' }).rotate();
    const meta = await img.metadata();
    if (!meta.width || !meta.height) throw new BadImageError('image has no size');
    const resized =
      Math.max(meta.width, meta.height) > MAX_SIDE ? img.resize(MAX_SIDE, MAX_SIDE, { fit: 'inside' }) : img;
    const { data, info } = await resized.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new BadImageError(`unexpected channel count ${info.channels}`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
  } catch (err) {
    if (err instanceof BadImageError) throw err;
    throw new BadImageError(`not a readable JPEG/PNG image: ${(err as Error).message}`);
  }
}

export function rgbaToRgb(data: Uint8Array | Uint8ClampedArray, width: number, height: number): RgbImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 16 || height < 16 || width > 4096 || height > 4096) {
    throw new BadImageError(`bad frame size ${width}x${height}`);
  }
  if (data.length !== width * height * 4) throw new BadImageError(`RGBA frame of ${width}x${height} needs ${width * height * 4} bytes, got ${data.length}`);
  const out = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4, j += 3) {
    out[j] = data[i]!;
    out[j + 1] = data[i + 1]!;
    out[j + 2] = data[i + 2]!;
  }
  return { data: out, width, height };
}

export async function frameToRgb(frame: FrameInput): Promise<RgbImage> {
  if (frame.kind === 'rgba') return rgbaToRgb(frame.data, frame.width, frame.height);
  if (frame.kind === 'encoded') return decodeImage(frame.bytes);
  throw new BadImageError('unknown frame kind');
}

/**
 * Samples `img` through an affine map: output pixel (u, v) reads source (a*u + b*v + c, d*u + e*v + f),
 * bilinear, black outside the image (that is the padding that lets tight crops be detected).
 * Writes `channels` planes into `out` (CHW) after `transform(value, channel)`.
 */
export function warpAffine(
  img: RgbImage,
  outW: number,
  outH: number,
  m: [number, number, number, number, number, number],
  out: Float32Array,
  order: 'rgb' | 'bgr' | 'grey',
  scale: number,
  offset: number,
  layout: 'chw' | 'hwc' = 'chw',
): void {
  const [a, b, c, d, e, f] = m;
  const { data, width, height } = img;
  const plane = outW * outH;
  for (let v = 0; v < outH; v++) {
    for (let u = 0; u < outW; u++) {
      const sx = a * u + b * v + c;
      const sy = d * u + e * v + f;
      let r = 0;
      let g = 0;
      let bl = 0;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 >= -1 && y0 >= -1 && x0 < width && y0 < height) {
        const fx = sx - x0;
        const fy = sy - y0;
        for (let k = 0; k < 4; k++) {
          const xx = x0 + (k & 1);
          const yy = y0 + (k >> 1);
          if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
          const w = ((k & 1) ? fx : 1 - fx) * ((k >> 1) ? fy : 1 - fy);
          const p = (yy * width + xx) * 3;
          r += data[p]! * w;
          g += data[p + 1]! * w;
          bl += data[p + 2]! * w;
        }
      }
      const i = v * outW + u;
      if (order === 'grey') {
        out[i] = (0.299 * r + 0.587 * g + 0.114 * bl) * scale + offset;
      } else if (layout === 'chw') {
        const first = order === 'rgb' ? r : bl;
        const third = order === 'rgb' ? bl : r;
        out[i] = first * scale + offset;
        out[plane + i] = g * scale + offset;
        out[2 * plane + i] = third * scale + offset;
      } else {
        const first = order === 'rgb' ? r : bl;
        const third = order === 'rgb' ? bl : r;
        out[i * 3] = first * scale + offset;
        out[i * 3 + 1] = g * scale + offset;
        out[i * 3 + 2] = third * scale + offset;
      }
    }
  }
}

/** Affine map that samples the axis-aligned square/rect (x, y, w, h) of the source into an outW × outH output. */
export function rectMap(x: number, y: number, w: number, h: number, outW: number, outH: number): [number, number, number, number, number, number] {
  const sx = w / outW;
  const sy = h / outH;
  // pixel centres: output u+0.5 maps to source x + (u+0.5)*sx, then -0.5 back to index space
  return [sx, 0, x + 0.5 * sx - 0.5, 0, sy, y + 0.5 * sy - 0.5];
}

/** Mean luma and variance of a 4-neighbour Laplacian over a grey buffer (sharpness). */
export function lumaStats(grey: Float32Array, w: number, h: number): { mean: number; laplacianVar: number } {
  let sum = 0;
  for (let i = 0; i < grey.length; i++) sum += grey[i]!;
  const mean = sum / grey.length;
  let s = 0;
  let s2 = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const l = grey[i - 1]! + grey[i + 1]! + grey[i - w]! + grey[i + w]! - 4 * grey[i]!;
      s += l;
      s2 += l * l;
      n++;
    }
  }
  const m = s / n;
  return { mean, laplacianVar: s2 / n - m * m };
}
