// Templates: base64 Float32 little-endian, L2-normalised, tagged with the model id. Comparing vectors of two
// different models gives meaningless distances, so a mismatching model id is refused, never compared.
import { l2normalise } from './vectors';
import type { FaceTemplate } from './types';

export function encodeTemplate(model: string, v: Float32Array): FaceTemplate {
  const buf = Buffer.alloc(v.length * 4);
  for (let i = 0; i < v.length; i++) buf.writeFloatLE(v[i]!, i * 4);
  return { model, vector: buf.toString('base64') };
}

export function decodeTemplate(t: FaceTemplate): Float32Array {
  const buf = Buffer.from(t.vector, 'base64');
  if (buf.length === 0 || buf.length % 4 !== 0) throw new Error('template vector is not base64 Float32 data');
  const v = new Float32Array(buf.length / 4);
  for (let i = 0; i < v.length; i++) v[i] = buf.readFloatLE(i * 4);
  return v;
}

/** Mean of L2-normalised vectors, renormalised: the fused embedding of several frames. */
export function fuse(vectors: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(vectors[0]!.length);
  for (const v of vectors) for (let i = 0; i < v.length; i++) out[i] = out[i]! + v[i]!;
  return l2normalise(out);
}
