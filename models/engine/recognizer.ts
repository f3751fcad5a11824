// Face embedding: faceplugin's fr_feature.onnx (ArcFace-style, 512-d) on a 5-point-aligned 112×112 crop,
// channels B,G,R, value (p − 127) / 128, L2-normalised; compared by cosine distance.
import type { InferenceSession } from 'onnxruntime-node';
import type { Ort } from './ort';
import { warpAffine, type RgbImage } from './image';
import type { Point } from './landmarks';
import { alignmentMap } from './align';
import { l2normalise } from './vectors';

export { cosineDistance, l2normalise } from './vectors';

const SIZE = 112;

export class Recognizer {
  private readonly input = new Float32Array(3 * SIZE * SIZE);
  constructor(
    private readonly ort: Ort,
    private readonly session: InferenceSession,
  ) {}

  async embed(img: RgbImage, lm: readonly Point[]): Promise<Float32Array> {
    warpAffine(img, SIZE, SIZE, alignmentMap(lm), this.input, 'bgr', 1 / 128, -127 / 128);
    const t = new this.ort.Tensor('float32', this.input, [1, 3, SIZE, SIZE]);
    const out = await this.session.run({ input: t });
    t.dispose?.();
    const raw = out.output!.data as Float32Array;
    const v = l2normalise(Float32Array.from(raw));
    for (const o of Object.values(out)) o.dispose?.();
    return v;
  }
}

