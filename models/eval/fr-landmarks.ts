// 68 landmarks from faceplugin's fr_landmark.onnx on onnxruntime: input [1,1,64,64] grey / 256 of the detector's
// box resized to 64×64 (non-square, as faceplugin's own JS crops it), output 136 values = 68 (x, y) in box units 0..1.
// ~0.4 ms per face on one thread, against ~17–33 ms for face-api's net on tfjs WASM. Evaluated as an alignment lever
// (levers.ts; README "Recognition"): it aligns worse for fr_feature, so the engine does not ship it, and the eval reads
// it from the installed faceplugin package (a devDependency) instead of models/weights.
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { InferenceSession } from 'onnxruntime-node';
import type { Ort } from '../engine/ort';
import { rectMap, warpAffine, type RgbImage } from '../engine/image';
import type { Point } from '../engine/landmarks';
import type { FaceBox } from '../engine/types';

/** fr_landmark.onnx from the installed faceplugin-face-recognition-js package. */
export function frLandmarkBytes(): Uint8Array {
  const root = path.dirname(createRequire(import.meta.url).resolve('faceplugin-face-recognition-js/package.json'));
  return new Uint8Array(readFileSync(path.join(root, 'model', 'fr_landmark.onnx')));
}

const SIZE = 64;

export class FrLandmarks {
  private readonly input = new Float32Array(SIZE * SIZE);
  constructor(
    private readonly ort: Ort,
    private readonly session: InferenceSession,
  ) {}

  /** 68 points (frame pixels) of the face in `box` (the box as the detector gave it). */
  async detect(img: RgbImage, box: FaceBox): Promise<Point[]> {
    warpAffine(img, SIZE, SIZE, rectMap(box.x, box.y, box.width, box.height, SIZE, SIZE), this.input, 'grey', 1 / 256, 0);
    const t = new this.ort.Tensor('float32', this.input, [1, 1, SIZE, SIZE]);
    const out = await this.session.run({ input: t });
    const v = out.output!.data as Float32Array;
    const pts: Point[] = [];
    for (let i = 0; i < 68; i++) pts.push({ x: box.x + v[2 * i]! * box.width, y: box.y + v[2 * i + 1]! * box.height });
    for (const o of Object.values(out)) o.dispose?.();
    return pts;
  }

  /** A square crop of side max(w, h) on the box's centre (the box's aspect can vary with pose). */
  async detectSquare(img: RgbImage, box: FaceBox): Promise<Point[]> {
    const side = Math.max(box.width, box.height);
    return this.detect(img, { x: box.x + box.width / 2 - side / 2, y: box.y + box.height / 2 - side / 2, width: side, height: side });
  }

  /** The net alone on its current input (bench floor). */
  async bareInference(): Promise<void> {
    const out = await this.session.run({ input: new this.ort.Tensor('float32', this.input, [1, 1, SIZE, SIZE]) });
    for (const o of Object.values(out)) o.dispose?.();
  }
}
