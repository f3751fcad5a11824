// onnxruntime-node, loaded lazily so a missing native binary becomes an engine status, not an import crash.
import type * as OrtNs from 'onnxruntime-node';

export type Ort = typeof OrtNs;

let cached: Ort | null = null;
export async function loadOrt(): Promise<Ort> {
  if (!cached) cached = (await import('onnxruntime-node')) as Ort;
  return cached;
}

export async function createSession(ort: Ort, bytes: Uint8Array, threads: number): Promise<OrtNs.InferenceSession> {
  return ort.InferenceSession.create(bytes, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
  });
}
