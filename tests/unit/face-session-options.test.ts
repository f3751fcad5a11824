// The recogniser runs at graph optimisation level 'extended' (ort.ts: ~3× faster than 'all' on AVX-512 CPUs). The
// level must only change the speed: a template made at 'extended' has to be the template 'all' makes, or every
// enrolled person would silently drift away from their registration. Real weights, one inference per level.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createSession, GRAPH_LEVEL } from '../../models/engine/ort';
import { l2normalise } from '../../models/engine/vectors';
import { defaultWeightsDir, loadVerifiedWeights } from '../../models/engine/weights';

describe('onnxruntime session options', () => {
  it('the recogniser at its graph level gives the embedding of the fully optimised graph', async () => {
    expect(GRAPH_LEVEL['fr_feature.onnx']).toBe('extended');
    const bytes = loadVerifiedWeights(defaultWeightsDir())['fr_feature.onnx'];
    const fast = await createSession(ort, bytes, 1, 'fr_feature.onnx');
    const full = await createSession(ort, bytes, 1);
    const input = new Float32Array(3 * 112 * 112);
    let seed = 7;
    for (let i = 0; i < input.length; i++) input[i] = ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const run = async (s: ort.InferenceSession) => l2normalise(Float32Array.from((await s.run({ input: new ort.Tensor('float32', input, [1, 3, 112, 112]) })).output!.data as Float32Array));
    const a = await run(fast);
    const b = await run(full);
    let dot = 0;
    for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
    expect(a.length).toBe(512);
    expect(1 - dot).toBeLessThan(1e-6);
    await fast.release();
    await full.release();
  });
});
