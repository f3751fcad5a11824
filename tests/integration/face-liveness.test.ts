// Liveness on real clips, fed through the kiosk's live-session API as camera frames (subsampled, only the
// seconds that matter, so the file stays quick). The still-photo clip is generated here from an LFW photo.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceEngine, type FaceEngine, type FaceTemplate, type VerifyPolicy, type VerifyResult } from '../../models';
import { readClip, type ClipOptions } from '../../models/engine/video';
import { requireFixtures } from '../helpers/fixtures';

const fixtures = requireFixtures('face liveness test');
const video = (name: string) => path.join(fixtures!, 'video', name);

describe.skipIf(!fixtures)('liveness on real clips', () => {
  let engine: FaceEngine;
  let tmp: string;
  let stillClip: string;
  let template: FaceTemplate;

  async function run(file: string, clip: ClipOptions, policy: VerifyPolicy, templates: FaceTemplate[] = [template]): Promise<VerifyResult> {
    const s = engine.startSession({ policy });
    for (const { frame, atMs } of await readClip(file, clip)) await s.addFrame(frame, atMs);
    return s.finish(templates);
  }

  beforeAll(async () => {
    engine = await createFaceEngine({ inWorker: false });
    tmp = mkdtempSync(path.join(os.tmpdir(), 'jejak-face-'));
    // A clip made of one still photo on a plain background: 2 s at 25 fps.
    stillClip = path.join(tmp, 'still-photo.mp4');
    const photo = path.join(fixtures!, 'faces', 'Colin_Powell', 'Colin_Powell_0001.jpg');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-loop', '1', '-i', photo, '-t', '2', '-r', '25',
      '-vf', 'scale=450:450,pad=640:480:95:15:color=gray,format=yuv420p', stillClip]);
    // Registration from one live frame of the selfie clip (as if enrolled at the kiosk).
    const [first] = await readClip(video('tran_selfie_head_turns.mp4'), { startS: 0.5, durationS: 0.1, fps: 10 });
    const enrol = await engine.enrolFromFrames([first!.frame]);
    if (!enrol.ok) throw new Error(`enrol failed: ${enrol.quality.code}`);
    template = enrol.template;
  });
  afterAll(async () => {
    await engine?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('a live head-turn clip passes the turn challenge and matches the registered face', async () => {
    const r = await run(video('tran_selfie_head_turns.mp4'), { startS: 1.5, durationS: 4, fps: 6 }, { challenge: 'turn', requirePassive: true });
    expect(r.liveness).toMatchObject({ passed: true, challengePassed: true });
    expect(r.liveness.passiveScore!).toBeGreaterThan(0.5);
    expect(r.match).toBe(true);
    expect(r.accepted).toBe(true);
    expect(r.framesUsed).toBeGreaterThan(1);
  });

  it('a live talking clip passes the blink challenge, and passes with no challenge', async () => {
    const blink = await run(video('liveportrait_d13_talking_blinks.mp4'), { startS: 1.0, durationS: 2.0, fps: 15 }, { challenge: 'blink', requirePassive: true }, []);
    expect(blink.liveness).toMatchObject({ passed: true, challengePassed: true });
    const none = await run(video('liveportrait_d13_talking_blinks.mp4'), { startS: 5, durationS: 2, fps: 6 }, { challenge: 'none', requirePassive: true }, []);
    expect(none.liveness.passed).toBe(true);
  });

  it('sees the subtle blink of narrow eyes (the eye model never reads them as wide open)', async () => {
    const r = await run(video('tran_selfie_head_turns.mp4'), { startS: 17.3, durationS: 1.0, fps: 10 }, { challenge: 'blink', requirePassive: true });
    expect(r.liveness).toMatchObject({ passed: true, challengePassed: true });
  });

  it('no blink in the clip: the blink challenge is not seen (smiles that narrow the eyes are not blinks)', async () => {
    const r = await run(video('liveportrait_d13_talking_blinks.mp4'), { startS: 6.8, durationS: 2.4, fps: 10 }, { challenge: 'blink', requirePassive: true }, []);
    expect(r.liveness).toMatchObject({ passed: false, challengePassed: false, reason: 'CHALLENGE_NOT_SEEN' });
  });

  it('the screen-replay attack fails on the passive score even though its replayed head turn is seen', async () => {
    const r = await run(video('tran_screen_replay_attack.mp4'), { startS: 3.5, durationS: 4, fps: 5 }, { challenge: 'turn', requirePassive: true });
    expect(r.liveness.passed).toBe(false);
    expect(r.liveness.reason).toBe('PASSIVE_SPOOF');
    expect(r.liveness.passiveScore!).toBeLessThan(0.1);
    expect(r.liveness.challengePassed).toBe(true);
    expect(r.accepted).toBe(false);
  });

  it('a clip of one still photo always fails: any challenge, with or without the passive check', async () => {
    for (const challenge of ['none', 'blink', 'turn'] as const) {
      const withPassive = await run(stillClip, { fps: 8 }, { challenge, requirePassive: true });
      expect(withPassive.liveness.passed, `challenge ${challenge}`).toBe(false);
      expect(withPassive.accepted).toBe(false);
    }
    // Even where the passive model is not required, the missing non-rigid motion gives it away.
    const r = await run(stillClip, { fps: 8 }, { challenge: 'none', requirePassive: false });
    expect(r.liveness).toMatchObject({ passed: false, reason: 'NO_MOTION' });
    expect(r.liveness.motion).toBeLessThan(0.005);
  });

  it('a live session reports guidance and becomes ready only once the challenge is seen and the face watched 1.5 s', async () => {
    const s = engine.startSession({ policy: { challenge: 'blink', requirePassive: true } });
    const feedback = [];
    for (const { frame, atMs } of await readClip(video('liveportrait_d13_talking_blinks.mp4'), { startS: 1.0, durationS: 2.0, fps: 8 })) {
      feedback.push(await s.addFrame(frame, atMs));
    }
    const firstReady = feedback.findIndex((f) => f.ready);
    expect(firstReady).toBeGreaterThan(0);
    expect(feedback[firstReady]!.challenge.seen).toBe(true);
    expect(feedback[firstReady]!.analysis.atMs - feedback[0]!.analysis.atMs).toBeGreaterThanOrEqual(1500);
    expect(feedback[0]!.ready).toBe(false);
    expect(feedback[0]!.guidance).toEqual(feedback[0]!.challenge.prompt);
    expect(feedback[0]!.challenge.prompt?.id).toMatch(/Kedipkan/);
    expect(feedback.at(-1)!.ready).toBe(true);
    s.cancel();
    await expect(s.finish([])).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
