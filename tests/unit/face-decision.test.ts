// Decision rules over analysed frames (pure functions; the models themselves are tested on real photos/clips in
// tests/integration/face-*.test.ts): template fusion and best-of-templates, the blink/turn state machines,
// the still-photo motion measure and the liveness verdict order.
import { describe, expect, it } from 'vitest';
import { nonRigidMotion } from '../../models/engine/geometry';
import { assessLiveness, blinkSeen, turnSeen } from '../../models/engine/liveness';
import { decodeTemplate, encodeTemplate } from '../../models/engine/template';
import type { FrameAnalysis } from '../../models/engine/types';
import { l2normalise } from '../../models/engine/vectors';
import { verifyAnalyses } from '../../models/engine/verify';

const MODEL = 'test-model/v1';
const SHAPE = Array.from({ length: 136 }, (_, i) => (i % 7) / 10);

function vec(seed: number): Float32Array {
  const v = new Float32Array(64);
  for (let i = 0; i < v.length; i++) v[i] = Math.sin(seed * 13.7 + i * (1 + seed));
  return l2normalise(v);
}

function frame(over: { eyeOpen?: number; yaw?: number; passive?: number; shape?: number[]; v?: Float32Array | null; ok?: boolean }): FrameAnalysis {
  const v = over.v === undefined ? vec(1) : over.v;
  return {
    ok: over.ok ?? v !== null,
    issue: null,
    guidance: { id: 'x', en: 'x' },
    faces: 1,
    brightness: 120,
    sharpness: 100,
    landmarks: {
      box: { x: 0, y: 0, width: 100, height: 100 },
      detectorScore: 0.99,
      yaw: over.yaw ?? 0,
      pitch: 0,
      ear: [0.3, 0.3],
      eyeOpen: over.eyeOpen ?? 1,
      interOcularPx: 40,
      shape: over.shape ?? SHAPE,
    },
    template: v ? encodeTemplate(MODEL, v) : null,
    passiveScore: over.passive ?? 0.99,
    atMs: 0,
    ms: 1,
  };
}

describe('face decision rules', () => {
  it('templates round-trip as base64 Float32 LE', () => {
    const v = vec(3);
    expect(Array.from(decodeTemplate(encodeTemplate(MODEL, v)))).toEqual(Array.from(v));
  });

  it('matches on the best of several templates and reports frames used', () => {
    const frames = [frame({ v: vec(1) }), frame({ v: vec(1) }), frame({ v: null, ok: false })];
    const r = verifyAnalyses(frames, [encodeTemplate(MODEL, vec(2)), encodeTemplate(MODEL, vec(1))], { challenge: 'none', requirePassive: true }, MODEL);
    expect(r.match).toBe(true);
    expect(r.distance).toBeCloseTo(0, 4);
    expect(r.framesUsed).toBe(2);
    const other = verifyAnalyses(frames, [encodeTemplate(MODEL, vec(2))], { challenge: 'none', requirePassive: true }, MODEL);
    expect(other.match).toBe(false);
  });

  it('drops a stray frame of another face from the fusion when most frames agree', () => {
    const frames = [frame({ v: vec(1) }), frame({ v: vec(1) }), frame({ v: vec(1) }), frame({ v: vec(2) })];
    const r = verifyAnalyses(frames, [encodeTemplate(MODEL, vec(1))], { challenge: 'none', requirePassive: false }, MODEL);
    expect(r.framesUsed).toBe(3);
    expect(r.distance).toBeCloseTo(0, 4);
  });

  it('refuses other models, empty template lists and sequences without a good frame', () => {
    const p = { challenge: 'none' as const, requirePassive: false };
    expect(verifyAnalyses([frame({})], [encodeTemplate('other/v0', vec(1))], p, MODEL).error?.code).toBe('TEMPLATE_MODEL_MISMATCH');
    expect(verifyAnalyses([frame({})], [], p, MODEL).error?.code).toBe('NO_TEMPLATES');
    expect(verifyAnalyses([frame({})], [{ model: MODEL, vector: 'abc' }], p, MODEL).error?.code).toBe('BAD_TEMPLATE');
    expect(verifyAnalyses([frame({})], [encodeTemplate(MODEL, vec(1).subarray(0, 32))], p, MODEL).error?.code).toBe('BAD_TEMPLATE');
    expect(verifyAnalyses([frame({ v: null, ok: false })], [encodeTemplate(MODEL, vec(1))], p, MODEL).error?.code).toBe('NO_GOOD_FRAMES');
  });

  it('sees a blink only as open → closed → open', () => {
    const seq = (...e: number[]) => e.map((eyeOpen) => frame({ eyeOpen }));
    expect(blinkSeen(seq(1, 0.9, 0.05, 0.02, 0.95))).toBe(true);
    expect(blinkSeen(seq(0.05, 0.05, 0.95))).toBe(false); // eyes closed from the start, then open: no blink
    expect(blinkSeen(seq(1, 0.5, 0.45, 1))).toBe(false); // narrowed (smile), never closed
    expect(blinkSeen(seq(1, 1, 0.05))).toBe(false); // closed at the end, never reopened
  });

  it('sees a turn only from frontal to clearly turned', () => {
    const seq = (...y: number[]) => y.map((yaw) => frame({ yaw }));
    expect(turnSeen(seq(0.02, 0.2, 0.5))).toBe(true);
    expect(turnSeen(seq(0.02, -0.6))).toBe(true);
    expect(turnSeen(seq(0.6, 0.6, 0.6))).toBe(false); // turned the whole time (a profile photo)
    expect(turnSeen(seq(0, 0.2, 0.25))).toBe(false);
  });

  it('measures no non-rigid motion for identical shapes, and some for a changing face', () => {
    expect(nonRigidMotion([SHAPE, SHAPE, SHAPE])).toBe(0);
    const moving = [0, 1, 2, 3].map((k) => SHAPE.map((s, i) => s + (i % 3) * 0.03 * k));
    expect(nonRigidMotion(moving)).toBeGreaterThan(0.02);
  });

  it('orders liveness reasons: too few frames, then passive, then motion, then challenge', () => {
    const live = [0, 1, 2, 3, 4].map((k) => ({ ...frame({ shape: SHAPE.map((s, i) => s + (i % 3) * 0.03 * k), eyeOpen: k === 2 ? 0 : 1 }), atMs: k * 250 }));
    expect(assessLiveness(live.slice(0, 2), { challenge: 'none', requirePassive: true }).reason).toBe('TOO_FEW_FRAMES');
    expect(assessLiveness(live.map((f) => ({ ...f, passiveScore: 0.01 })), { challenge: 'blink', requirePassive: true }).reason).toBe('PASSIVE_SPOOF');
    expect(assessLiveness(live.map((f) => ({ ...f, passiveScore: 0.01 })), { challenge: 'blink', requirePassive: false }).passed).toBe(true);
    const still = [0, 1, 2, 3].map(() => frame({ shape: SHAPE }));
    expect(assessLiveness(still, { challenge: 'none', requirePassive: true }).reason).toBe('NO_MOTION');
    expect(assessLiveness(live, { challenge: 'turn', requirePassive: true }).reason).toBe('CHALLENGE_NOT_SEEN');
    const ok = assessLiveness(live, { challenge: 'blink', requirePassive: true });
    expect(ok).toMatchObject({ passed: true, challengePassed: true });
    expect(ok.message).toBeUndefined();
  });
});
