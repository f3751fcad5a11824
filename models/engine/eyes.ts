// Eye state: faceplugin's fr_eye.onnx, 24×24 grey/255 square centred on the eye's lid points
// (37,38,40,41 / 43,44,46,47), side = eye width × 1.6; 2 logits. Class 0 is CLOSED: measured on the blink clip
// (softmax[0] ≈ 1 exactly on the annotated blink frames, ≈ 0 elsewhere), so open = softmax[1].
import type { InferenceSession } from 'onnxruntime-node';
import type { Ort } from './ort';
import { rectMap, warpAffine, type RgbImage } from './image';
import { applyGain, lowLightGain } from './lowlight';
import type { Point } from './landmarks';

const SIZE = 24;

export class EyeStateModel {
  private readonly input = new Float32Array(SIZE * SIZE);
  constructor(
    private readonly ort: Ort,
    private readonly session: InferenceSession,
  ) {}

  private async openProb(img: RgbImage, lm: readonly Point[], lids: number[], corners: [number, number], gain: number): Promise<number> {
    const cx = lids.reduce((s, i) => s + lm[i]!.x, 0) / lids.length;
    const cy = lids.reduce((s, i) => s + lm[i]!.y, 0) / lids.length;
    const side = Math.max(4, (lm[corners[1]]!.x - lm[corners[0]]!.x) * 1.6);
    warpAffine(img, SIZE, SIZE, rectMap(cx - side / 2, cy - side / 2, side, side, SIZE, SIZE), this.input, 'grey', 1 / 255, 0);
    applyGain(this.input, gain, 1);
    const t = new this.ort.Tensor('float32', this.input, [1, 1, SIZE, SIZE]);
    const out = await this.session.run({ input: t });
    t.dispose?.();
    const [a, b] = Array.from(out.output!.data as Float32Array) as [number, number];
    for (const o of Object.values(out)) o.dispose?.();
    const m = Math.max(a, b);
    const ea = Math.exp(a - m);
    const eb = Math.exp(b - m);
    return eb / (ea + eb);
  }

  /** Probability each eye is open [image-left eye, image-right eye]. */
  async open(img: RgbImage, lm: readonly Point[]): Promise<[number, number]> {
    // In a dim room the eye crops are dark too: the same face-luma gain as the passive crop (lowlight.ts), from
    // the box the eyebrows, eyes, nose and mouth span (17–67; the jaw line would add background).
    const gain = lowLightGain(img, spanOf(lm.slice(17)));
    return [await this.openProb(img, lm, [37, 38, 40, 41], [36, 39], gain), await this.openProb(img, lm, [43, 44, 46, 47], [42, 45], gain)];
  }
}

function spanOf(pts: readonly Point[]): { x: number; y: number; width: number; height: number } {
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}
