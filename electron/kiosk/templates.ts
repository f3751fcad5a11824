// The engine's templates (base64 Float32 LE) and the store's (Float32Array) are the same numbers in two
// dresses; convert at the boundary only.
import type { FaceTemplate as EngineTemplate } from '../../models/engine/types';
import type { FaceTemplate as StoredTemplate } from '../store/types';

export function toEngineTemplate(t: Pick<StoredTemplate, 'modelId' | 'vector'>): EngineTemplate {
  const bytes = Buffer.from(t.vector.buffer, t.vector.byteOffset, t.vector.byteLength);
  return { model: t.modelId, vector: bytes.toString('base64') };
}

export function fromEngineTemplate(t: EngineTemplate): { modelId: string; vector: Float32Array } {
  const bytes = Buffer.from(t.vector, 'base64');
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return { modelId: t.model, vector: new Float32Array(copy.buffer, 0, Math.floor(copy.byteLength / 4)) };
}
