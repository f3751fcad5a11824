// The quality gate on a head seen from behind (issue 13): in the pexels clip (fixture video README: ~12–20 s the
// back of her head, then the far side) the detector still boxes the head and the landmark net fits 68 points to
// it, so frames passed as "good" and decided kiosk sessions on embeddings ~1.0 from her own. Frames as the kiosk
// gets them (640×480 JPEG q0.85), real models, the real fixture clip, no mocks.
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceEngine, type FaceEngine, type FrameAnalysis } from '../../models';
import { readClip } from '../../models/engine/video';
import { requireFixtures } from '../helpers/fixtures';

const fixtures = requireFixtures('the quality gate on back-of-head frames');
const clip = () => path.join(fixtures!, 'video', 'pexels8090198_head_rotation.mp4');

async function analyse(engine: FaceEngine, startS: number, durationS: number, fps = 4): Promise<FrameAnalysis[]> {
  const out: FrameAnalysis[] = [];
  for (const { frame, atMs } of await readClip(clip(), { startS, durationS, fps, canvas: { width: 640, height: 480 } })) {
    const jpeg = await sharp(Buffer.from(frame.data), { raw: { width: frame.width, height: frame.height, channels: 4 } }).jpeg({ quality: 85 }).toBuffer();
    out.push(await engine.analyzeFrame({ kind: 'encoded', bytes: new Uint8Array(jpeg) }, atMs));
  }
  return out;
}

describe.skipIf(!fixtures)('quality gate: a head seen from behind is not a face', () => {
  let engine: FaceEngine;
  beforeAll(async () => {
    engine = await createFaceEngine({ inWorker: false });
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('refuses every frame of the back of the head, the boxed-but-faceless ones as "no face seen"', async () => {
    const frames = await analyse(engine, 12, 9.8);
    expect(frames.length).toBeGreaterThan(30);
    expect(frames.filter((f) => f.ok).map((f) => f.atMs)).toEqual([]);
    // the detector did box the head in these, with no size, pose or second-face problem: only the weak box tells
    const boxedRear = frames.filter((f) => f.landmarks && f.issue?.code === 'NO_FACE');
    expect(boxedRear.length).toBeGreaterThanOrEqual(3);
    for (const f of boxedRear) {
      expect(f.landmarks!.detectorScore).toBeLessThan(0.95);
      expect(f.template).toBeNull();
      expect(f.guidance.id).toMatch(/Wajah tidak terlihat/);
    }
  });

  it('refuses the full profile, where the landmark net folds 68 points into a face whose pose proxies look frontal', async () => {
    const frames = await analyse(engine, 8.9, 1.8, 8);
    expect(frames.filter((f) => f.ok).map((f) => f.atMs)).toEqual([]);
    // a confident box (the detector sees her profile) and yaw/pitch inside the limits: only the proportions tell
    const folded = frames.filter((f) => f.landmarks && f.landmarks.detectorScore >= 0.95 && Math.abs(f.landmarks.yaw) <= 0.5 && Math.abs(f.landmarks.pitch) <= 0.3);
    expect(folded.length).toBeGreaterThanOrEqual(1);
    for (const f of folded) expect(f.issue?.code).toBe('NOT_FRONTAL');
  });

  it('still passes the frontal frames of the same clip', async () => {
    const frames = [...(await analyse(engine, 0, 3)), ...(await analyse(engine, 30, 4))];
    expect(frames.length).toBeGreaterThanOrEqual(24);
    expect(frames.filter((f) => !f.ok).map((f) => `${f.atMs} ${f.issue?.code}`)).toEqual([]);
    for (const f of frames) expect(f.template).not.toBeNull();
  });
});
