// onnxruntime-node, loaded lazily so a missing native binary becomes an engine status, not an import crash.
import type * as OrtNs from 'onnxruntime-node';

export type Ort = typeof OrtNs;

let cached: Ort | null = null;
export async function loadOrt(): Promise<Ort> {
  if (!cached) cached = (await import('onnxruntime-node')) as Ort;
  return cached;
}

export type OnnxModelFile = 'fr_detect.onnx' | 'fr_feature.onnx' | 'fr_liveness.onnx' | 'fr_eye.onnx';

/**
 * Graph optimisation level per model, chosen by measurement (onnxruntime-node 1.30, 1 intra-op thread, 2-core Xeon
 * with AVX-512, same inputs, outputs equal to 3.5e-7): fr_feature 72–87 ms at 'all' vs 25–29 ms at 'extended' — the
 * layout (NCHWc) transforms that only 'all' applies make this ResNet ~3× slower; the detector is faster at 'all'
 * (6.5 vs 11.8 ms), the passive and eye models do not care. BENCHMARKS.md, face bench.
 */
export const GRAPH_LEVEL: Record<OnnxModelFile, 'all' | 'extended'> = {
  'fr_detect.onnx': 'all',
  'fr_feature.onnx': 'extended',
  'fr_liveness.onnx': 'all',
  'fr_eye.onnx': 'all',
};

export async function createSession(ort: Ort, bytes: Uint8Array, threads: number, file?: OnnxModelFile): Promise<OrtNs.InferenceSession> {
  return ort.InferenceSession.create(bytes, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionProviders: ['cpu'],
    graphOptimizationLevel: file ? GRAPH_LEVEL[file] : 'all',
  });
}
