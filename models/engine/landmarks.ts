// 68-point landmarks from face-api's FaceLandmark68Net on tfjs. Backend: tfjs-node ('tensorflow') when that
// optional dependency is installed, else tfjs WASM with the .wasm files from the installed package (no CDN).
// Never tfjs's pure-JS 'cpu' backend: it is ~40× slower, so if neither loads the engine reports an error.
import { createRequire } from 'node:module';
import path from 'node:path';
import { rectMap, warpAffine, type RgbImage } from './image';
import type { Backend, FaceBox } from './types';

// Minimal structural types for what we use of face-api / tfjs (the package's own d.ts drags in DOM types).
interface Tensor {
  dispose(): void;
}
interface Tf {
  tensor4d(values: Float32Array, shape: [number, number, number, number], dtype: 'float32'): Tensor;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  memory(): { numTensors: number; numBytes: number };
  io: { decodeWeights(buffer: ArrayBuffer, specs: unknown[]): Record<string, Tensor> };
  setWasmPaths?: (prefix: string) => void;
  env(): { set(flag: string, v: unknown): void };
}
interface Point {
  x: number;
  y: number;
}
interface LandmarkNet {
  loadFromWeightMap(map: Record<string, Tensor>): void;
  detectLandmarks(input: Tensor): Promise<{ positions: Point[] } | { positions: Point[] }[]>;
  dispose(throwOnRedispose?: boolean): void;
}
interface FaceApi {
  tf: Tf;
  nets: { faceLandmark68Net: LandmarkNet };
  FaceLandmark68Net: new () => LandmarkNet;
}

const require = createRequire(import.meta.url);

export interface TfRuntime {
  faceapi: FaceApi;
  tf: Tf;
  backend: Backend;
}

let runtime: Promise<TfRuntime> | null = null;

/** Loads tfjs + face-api once per thread: tfjs-node if present, else WASM. */
export function loadTfRuntime(): Promise<TfRuntime> {
  runtime ??= (async () => {
    // The optional native backend: present only where @tensorflow/tfjs-node installed (not on this build machine).
    try {
      const nodeSpecifier = '@tensorflow/tfjs-node';
      require.resolve(nodeSpecifier);
      const faceapi = require('@vladmandic/face-api/dist/face-api.node.js') as FaceApi;
      await faceapi.tf.setBackend('tensorflow');
      await faceapi.tf.ready();
      return { faceapi, tf: faceapi.tf, backend: 'tensorflow' as const };
    } catch {
      // fall through to WASM
    }
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    const tf = faceapi.tf;
    const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    if (!tf.setWasmPaths) throw new Error('tfjs-backend-wasm did not load (setWasmPaths missing)');
    tf.setWasmPaths(wasmDir + path.sep);
    const ok = await tf.setBackend('wasm');
    await tf.ready();
    if (!ok || tf.getBackend() !== 'wasm') {
      throw new Error(`tfjs WASM backend failed to start (backend is ${tf.getBackend()}); refusing the pure-JS cpu backend`);
    }
    return { faceapi, tf, backend: 'wasm' as const };
  })();
  return runtime;
}

const SIZE = 112;

export class LandmarkModel {
  private readonly input = new Float32Array(SIZE * SIZE * 3);
  private constructor(
    private readonly rt: TfRuntime,
    private readonly net: LandmarkNet,
  ) {}

  static async load(rt: TfRuntime, manifestJson: Uint8Array, weightsBin: Uint8Array): Promise<LandmarkModel> {
    const manifest = JSON.parse(Buffer.from(manifestJson).toString('utf8')) as { weights: unknown[] }[];
    const specs = manifest.flatMap((g) => g.weights);
    const buf = weightsBin.buffer.slice(weightsBin.byteOffset, weightsBin.byteOffset + weightsBin.byteLength) as ArrayBuffer;
    const map = rt.tf.io.decodeWeights(buf, specs);
    const net = new rt.faceapi.FaceLandmark68Net();
    net.loadFromWeightMap(map);
    return new LandmarkModel(rt, net);
  }

  /**
   * 68 landmarks (frame pixels) for the face in `box`: the net sees a square crop around the box
   * (side = max(w,h) × scale), sampled straight to 112×112 so no tfjs resize runs.
   */
  async detect(img: RgbImage, box: FaceBox, scale: number, dy = 0): Promise<Point[]> {
    const side = Math.max(box.width, box.height) * scale;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2 + dy * box.height;
    const x0 = cx - side / 2;
    const y0 = cy - side / 2;
    warpAffine(img, SIZE, SIZE, rectMap(x0, y0, side, side, SIZE, SIZE), this.input, 'rgb', 1, 0, 'hwc');
    const t = this.rt.tf.tensor4d(this.input, [1, SIZE, SIZE, 3], 'float32');
    try {
      const res = await this.net.detectLandmarks(t);
      const lm = Array.isArray(res) ? res[0]! : res;
      const k = side / SIZE;
      return lm.positions.map((p) => ({ x: x0 + p.x * k, y: y0 + p.y * k }));
    } finally {
      t.dispose();
    }
  }

  /** The net alone on its current input buffer, no crop or warp (the face bench's floor). */
  async bareInference(): Promise<void> {
    const t = this.rt.tf.tensor4d(this.input, [1, SIZE, SIZE, 3], 'float32');
    try {
      await this.net.detectLandmarks(t);
    } finally {
      t.dispose();
    }
  }

  dispose(): void {
    this.net.dispose();
  }
}

export type { Point };
