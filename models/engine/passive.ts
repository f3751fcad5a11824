// Passive presentation-attack score: faceplugin's fr_liveness.onnx. Input is a wide crop (detector box × 2.7,
// shifted to stay inside the frame: the context around the face — a screen bezel, paper edge, moiré — is
// what it sees), 128×128, raw 0–255 in B,G,R order (faceplugin's own JS feeds RGB, which scores live people as attacks), CHW. Output: 3 logits; we report softmax[LIVE_CLASS].
// Which class is "live" is not documented; it was measured (readme-face.md: live LFW photos and live clips
// vs the screen-replay clip).
import type { InferenceSession } from 'onnxruntime-node';
import type { Ort } from './ort';
import { rectMap, warpAffine, type RgbImage } from './image';
import { applyGain, lowLightGain } from './lowlight';
import type { FaceBox } from './types';

const SIZE = 128;
export const LIVE_CLASS = 0;

export class PassiveLiveness {
  private readonly input = new Float32Array(3 * SIZE * SIZE);
  constructor(
    private readonly ort: Ort,
    private readonly session: InferenceSession,
  ) {}

  async scores(img: RgbImage, box: FaceBox): Promise<number[]> {
    // faceplugin squares the detector box on its height, then scales by 2.7 (capped by the image size).
    const side0 = box.height;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const k = Math.min((img.height - 1) / side0, (img.width - 1) / side0, 2.7);
    const side = side0 * k;
    let x0 = cx - side / 2;
    let y0 = cy - side / 2;
    x0 = Math.min(Math.max(0, x0), img.width - 1 - side);
    y0 = Math.min(Math.max(0, y0), img.height - 1 - side);
    warpAffine(img, SIZE, SIZE, rectMap(Math.max(0, x0), Math.max(0, y0), side, side, SIZE, SIZE), this.input, 'bgr', 1, 0);
    // A dark face is brightened first (lowlight.ts); the gain comes from the face box, applied to the whole crop.
    applyGain(this.input, lowLightGain(img, box), 255);
    const t = new this.ort.Tensor('float32', this.input, [1, 3, SIZE, SIZE]);
    const out = await this.session.run({ input: t });
    t.dispose?.();
    const logits = Array.from(out.output!.data as Float32Array);
    for (const o of Object.values(out)) o.dispose?.();
    const m = Math.max(...logits);
    const e = logits.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  }

  async score(img: RgbImage, box: FaceBox): Promise<number> {
    return (await this.scores(img, box))[LIVE_CLASS]!;
  }
}
