// A live session makes a frame's template only while that frame could still be fused (issue 13, face frame cost):
// the decision must be exactly the one every template would give, and the frames past that point must be cheaper.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceEngine, type FaceEngine, type FaceTemplate, type FrameAnalysis } from '../../models';
import { readClip } from '../../models/engine/video';
import { requireFixtures } from '../helpers/fixtures';

const fixtures = requireFixtures('face session templates test');
const POLICY = { challenge: 'none' as const, requirePassive: true };

describe.skipIf(!fixtures)('templates in a live session', () => {
  let engine: FaceEngine;
  let template: FaceTemplate;
  let frames: Awaited<ReturnType<typeof readClip>>;

  beforeAll(async () => {
    engine = await createFaceEngine({ inWorker: false });
    const clip = path.join(fixtures!, 'video', 'tran_selfie_head_turns.mp4');
    // 5 s at 6 fps, frontal then turning: frames of many yaws, more good frames than the 8 that are fused.
    frames = await readClip(clip, { startS: 0, durationS: 5, fps: 6, canvas: { width: 640, height: 480 } });
    const [selfie] = await readClip(clip, { startS: 17, durationS: 0.1, fps: 10 });
    const enrol = await engine.enrolFromFrames([selfie!.frame]);
    if (!enrol.ok) throw new Error(`enrol failed: ${enrol.quality.code}`);
    template = enrol.template;
  });
  afterAll(async () => engine?.close());

  it('gives the decision every template would give, and skips templates that could never be fused', async () => {
    const s = engine.startSession({ policy: POLICY });
    const seen: FrameAnalysis[] = [];
    for (const { frame, atMs } of frames) seen.push((await s.addFrame(frame, atMs)).analysis);
    const live = await s.finish([template]);

    // The same frames, each analysed on its own (a template for every good frame), through the same rule.
    const full: FrameAnalysis[] = [];
    for (const { frame, atMs } of frames) full.push(await engine.analyzeFrame(frame, atMs));
    const reference = await engine.verifySequence(full, [template], POLICY);

    const good = seen.filter((f) => f.ok).length;
    const templated = seen.filter((f) => f.ok && f.template).length;
    expect(good).toBeGreaterThan(8);
    expect(templated, `${templated} of ${good} good frames got a template`).toBeLessThan(good);
    expect(full.filter((f) => f.ok && f.template).length).toBe(full.filter((f) => f.ok).length);
    expect(live.match).toBe(true);
    expect(live.distance).toBe(reference.distance);
    expect(live.framesUsed).toBe(reference.framesUsed);
    expect(live.accepted).toBe(reference.accepted);
  });
});
