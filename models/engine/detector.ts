// Face detector: faceplugin's fr_detect.onnx (an Ultra-Light RFB-320 style SSD, 320×240 input, boxes already
// decoded to normalised corners in the graph). ~10× faster than face-api's SSD here; tight crops are found by
// letting the sampled region extend past the image (black padding) — see `detect(img, pad)`.
import type { InferenceSession } from 'onnxruntime-node';
import type { Ort } from './ort';
import { rectMap, warpAffine, type RgbImage } from './image';
import type { FaceBox } from './types';

export interface Detection extends FaceBox {
  score: number;
}

const IN_W = 320;
const IN_H = 240;

export class FaceDetector {
  private readonly input = new Float32Array(3 * IN_W * IN_H);
  constructor(
    private readonly ort: Ort,
    private readonly session: InferenceSession,
    private readonly minScore = 0.6,
  ) {}

  /**
   * Detects faces. `pad` is the black border added on each side as a fraction of the image size
   * (0.5 = 50%): LFW-style tight crops need it, camera frames do not.
   */
  async detect(img: RgbImage, pad = 0): Promise<Detection[]> {
    // Region of the (virtually padded) image fed to the net, widened to the net's 4:3 aspect.
    let rw = img.width * (1 + 2 * pad);
    let rh = img.height * (1 + 2 * pad);
    if (rw / rh > IN_W / IN_H) rh = (rw * IN_H) / IN_W;
    else rw = (rh * IN_W) / IN_H;
    const rx = (img.width - rw) / 2;
    const ry = (img.height - rh) / 2;
    warpAffine(img, IN_W, IN_H, rectMap(rx, ry, rw, rh, IN_W, IN_H), this.input, 'rgb', 1 / 128, -127 / 128);
    const tensor = new this.ort.Tensor('float32', this.input, [1, 3, IN_H, IN_W]);
    const out = await this.session.run({ input: tensor });
    const scores = out.scores!.data as Float32Array;
    const boxes = out.boxes!.data as Float32Array;
    tensor.dispose?.();
    const found: Detection[] = [];
    const n = scores.length / 2;
    for (let i = 0; i < n; i++) {
      const s = scores[i * 2 + 1]!;
      if (s < this.minScore) continue;
      const x1 = rx + boxes[i * 4]! * rw;
      const y1 = ry + boxes[i * 4 + 1]! * rh;
      const x2 = rx + boxes[i * 4 + 2]! * rw;
      const y2 = ry + boxes[i * 4 + 3]! * rh;
      if (x2 - x1 < 4 || y2 - y1 < 4) continue;
      found.push({ x: x1, y: y1, width: x2 - x1, height: y2 - y1, score: s });
    }
    for (const t of Object.values(out)) t.dispose?.();
    return nms(found, 0.4);
  }
}

function iou(a: FaceBox, b: FaceBox): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = ix * iy;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

export function nms(dets: Detection[], thr: number): Detection[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score);
  const keep: Detection[] = [];
  for (const d of sorted) if (keep.every((k) => iou(k, d) < thr)) keep.push(d);
  return keep;
}

/** The face nearest the image centre (a group photo's top-scoring face is often a bystander). */
export function pickCentral(dets: Detection[], width: number, height: number): Detection | null {
  let best: Detection | null = null;
  let bestD = Infinity;
  for (const d of dets) {
    const dx = d.x + d.width / 2 - width / 2;
    const dy = d.y + d.height / 2 - height / 2;
    const dist = Math.hypot(dx, dy) / Math.max(d.width, 1);
    if (dist < bestD) {
      bestD = dist;
      best = d;
    }
  }
  return best;
}
