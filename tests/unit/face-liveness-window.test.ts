// The live session's watch window and the smoothed motion measure (pure rules over analysed frames), and the
// mirror map the flip-averaged template is made with.
import { describe, expect, it } from 'vitest';
import { nonRigidMotion } from '../../models/engine/geometry';
import { warpAffine, type RgbImage } from '../../models/engine/image';
import { assessLiveness, faceMotion, LIVENESS_LIMITS, sessionReady } from '../../models/engine/liveness';
import { mirrored } from '../../models/engine/recognizer';
import type { FrameAnalysis } from '../../models/engine/types';

const SHAPE = Array.from({ length: 136 }, (_, i) => (i % 7) / 10);
const NONE = { challenge: 'none' as const, requirePassive: true };

function frame(atMs: number, shape: number[]): FrameAnalysis {
  return {
    ok: true,
    issue: null,
    guidance: { id: 'x', en: 'x' },
    faces: 1,
    brightness: 120,
    sharpness: 100,
    landmarks: { box: { x: 0, y: 0, width: 100, height: 100 }, detectorScore: 0.99, yaw: 0, pitch: 0, ear: [0.3, 0.3], eyeOpen: 1, interOcularPx: 40, shape },
    template: null,
    passiveScore: 0.99,
    atMs,
    ms: 1,
  };
}

/** 8 fps for `seconds`; shape offset per frame from `dx(k)`. */
function clip(seconds: number, dx: (k: number) => number): FrameAnalysis[] {
  return Array.from({ length: Math.round(seconds * 8) }, (_, k) => frame(k * 125, SHAPE.map((s, i) => s + (i % 3) * dx(k))));
}

describe('live session watch window', () => {
  it('is not ready at the 3rd good frame: it watches the face for minWatchMs first', () => {
    const live = clip(3, (k) => 0.01 * k);
    expect(sessionReady(live.slice(0, 3), NONE, 3)).toBe(false);
    const n = live.findIndex((f) => f.atMs >= LIVENESS_LIMITS.minWatchMs) + 1;
    expect(sessionReady(live.slice(0, n - 1), NONE, 3)).toBe(false);
    expect(sessionReady(live.slice(0, n), NONE, 3)).toBe(true);
  });

  it("with challenge 'none' a barely moving face is watched up to maxWatchMs, then refused NO_MOTION", () => {
    const slight = clip(4, (k) => 0.01 * Math.sin((2 * Math.PI * k) / 8)); // a 1 Hz sway: smoothed motion ~0.011
    const upTo = (ms: number) => slight.filter((f) => f.atMs <= ms);
    const m = faceMotion(upTo(LIVENESS_LIMITS.minWatchMs));
    expect(m).toBeGreaterThan(LIVENESS_LIMITS.minMotion);
    expect(faceMotion(upTo(LIVENESS_LIMITS.maxWatchMs))).toBeLessThan(LIVENESS_LIMITS.minMotionNoChallenge);
    expect(sessionReady(upTo(LIVENESS_LIMITS.minWatchMs), NONE, 3)).toBe(false);
    expect(sessionReady(upTo(LIVENESS_LIMITS.maxWatchMs), NONE, 3)).toBe(true);
    expect(assessLiveness(upTo(LIVENESS_LIMITS.maxWatchMs), NONE).reason).toBe('NO_MOTION');
    // the same face after a seen blink needs only minMotion (the challenge is the evidence of life)
    const blinked = upTo(LIVENESS_LIMITS.minWatchMs).map((f, k) => ({ ...f, landmarks: { ...f.landmarks!, eyeOpen: k === 4 ? 0 : 1 } }));
    expect(sessionReady(blinked, { challenge: 'blink', requirePassive: true }, 3)).toBe(true);
    expect(assessLiveness(blinked, { challenge: 'blink', requirePassive: true }).passed).toBe(true);
  });

  it('an unsure passive score keeps the session watching to maxWatchMs before it decides; a sure one does not', () => {
    const moving = clip(4, (k) => 0.01 * k);
    const upTo = (frames: FrameAnalysis[], ms: number) => frames.filter((f) => f.atMs <= ms);
    // a replay the passive model half believes (frames swinging 0.1–0.7: median 0.4)
    const unsure = moving.map((f, k) => ({ ...f, passiveScore: [0.1, 0.4, 0.7][k % 3]! }));
    expect(sessionReady(upTo(unsure, LIVENESS_LIMITS.minWatchMs), NONE, 3)).toBe(false);
    expect(sessionReady(upTo(unsure, LIVENESS_LIMITS.maxWatchMs), NONE, 3)).toBe(true);
    expect(assessLiveness(upTo(unsure, LIVENESS_LIMITS.maxWatchMs), NONE).reason).toBe('PASSIVE_SPOOF');
    // sure either way: decided at minWatchMs (a clear replay is refused as early as a live face is admitted)
    expect(sessionReady(upTo(moving, LIVENESS_LIMITS.minWatchMs), NONE, 3)).toBe(true);
    const replay = moving.map((f) => ({ ...f, passiveScore: 0.01 }));
    expect(sessionReady(upTo(replay, LIVENESS_LIMITS.minWatchMs), NONE, 3)).toBe(true);
    // without the passive check the score does not hold the session
    expect(sessionReady(upTo(unsure, LIVENESS_LIMITS.minWatchMs), { challenge: 'none', requirePassive: false }, 3)).toBe(true);
  });

  it('frame-to-frame landmark jitter (a resampled still photo) is not motion; a slow real movement is', () => {
    const jitter = clip(2, (k) => (k % 2 ? 0.012 : -0.012));
    expect(nonRigidMotion(jitter.map((f) => f.landmarks!.shape))).toBeGreaterThan(LIVENESS_LIMITS.minMotion);
    expect(faceMotion(jitter)).toBeLessThan(LIVENESS_LIMITS.minMotion);
    expect(assessLiveness(jitter, NONE).reason).toBe('NO_MOTION');
    const moving = clip(2, (k) => 0.004 * k);
    expect(faceMotion(moving)).toBeGreaterThan(LIVENESS_LIMITS.minMotion);
    expect(assessLiveness(moving, NONE).passed).toBe(true);
  });
});

describe('mirror map', () => {
  it('reads the aligned crop right to left', () => {
    const img: RgbImage = { width: 40, height: 30, data: Uint8Array.from({ length: 40 * 30 * 3 }, (_, i) => (i * 37) % 251) };
    const m: [number, number, number, number, number, number] = [0.3, 0.02, 3, -0.02, 0.25, 2];
    const a = new Float32Array(112 * 112);
    const b = new Float32Array(112 * 112);
    warpAffine(img, 112, 112, m, a, 'grey', 1, 0);
    warpAffine(img, 112, 112, mirrored(m), b, 'grey', 1, 0);
    for (const [u, v] of [[0, 0], [5, 17], [60, 90], [111, 111]] as const) expect(b[v * 112 + u]).toBeCloseTo(a[v * 112 + (111 - u)]!, 4);
  });
});
