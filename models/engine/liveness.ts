// Liveness over a frame sequence (pure: works on FrameAnalysis summaries, no images).
//  - passive: median fr_liveness score of the frames with a face (screen replays score ~0, live faces ~1);
//  - motion: non-rigid landmark motion; a photo (still, or moved as a whole) has none — checked for every policy,
//    so a clip of one still photo fails even with challenge 'none';
//  - challenge: a blink (eye model: open → closed → open) or a head turn (yaw proxy frontal → turned).
import { nonRigidMotion } from './geometry';
import { CHALLENGE_PROMPTS, LIVENESS_MESSAGES } from './messages';
import type { Challenge, FrameAnalysis, LivenessReason, LivenessResult, VerifyPolicy } from './types';

export const LIVENESS_LIMITS = {
  /** Median passive score below this is an attack (measured: replay ≈ 0.00, live clips ≥ 0.96, live LFW 0.998). */
  minPassive: 0.5,
  /**
   * Non-rigid motion (inter-ocular units) below this is a photo. Measured (8 fps): still-photo clips 0.0008–0.0012;
   * a live person standing still 0.014–0.021, talking 0.03–0.04, turning 0.2+. A photo moved as a whole measured 0.021
   * (landmark jitter), so this catches still photos only; moved photos are left to the passive score / challenge.
   */
  minMotion: 0.008,
  /**
   * Eye-open probability (fr_eye, mean of both eyes): at or above = open, at or below = closed. Measured: wide eyes
   * read ~1.0 open and ~0.00 in a blink; a narrow-eyed subject (tran clip) reads only 0.25–0.5 when open and
   * 0.00–0.02 in a blink; smiles that narrow the eyes stay ≥ 0.54. The 68-landmark eye aspect ratio barely
   * moves in real blinks (0.29 → 0.27), so it is not used.
   */
  eyeOpen: 0.25,
  eyeClosed: 0.05,
  /** |yaw| below = frontal, above = turned. */
  frontalYaw: 0.15,
  turnedYaw: 0.35,
  /** Frames with a face needed to judge. */
  minFaceFrames: 3,
};

export function blinkSeen(frames: readonly FrameAnalysis[]): boolean {
  const L = LIVENESS_LIMITS;
  let state: 'start' | 'open' | 'closed' = 'start';
  for (const f of frames) {
    const e = f.landmarks?.eyeOpen;
    if (e === null || e === undefined) continue;
    if (e >= L.eyeOpen) {
      if (state === 'closed') return true;
      state = 'open';
    } else if (e <= L.eyeClosed && state === 'open') {
      state = 'closed';
    }
  }
  return false;
}

export function turnSeen(frames: readonly FrameAnalysis[]): boolean {
  const L = LIVENESS_LIMITS;
  let frontal = false;
  for (const f of frames) {
    const y = f.landmarks?.yaw;
    if (y === undefined) continue;
    if (Math.abs(y) <= L.frontalYaw) frontal = true;
    else if (frontal && Math.abs(y) >= L.turnedYaw) return true;
  }
  return false;
}

export function challengeSeen(challenge: Challenge, frames: readonly FrameAnalysis[]): boolean | null {
  if (challenge === 'blink') return blinkSeen(frames);
  if (challenge === 'turn') return turnSeen(frames);
  return null;
}

export function challengePrompt(challenge: Challenge) {
  return challenge === 'none' ? null : CHALLENGE_PROMPTS[challenge];
}

function median(v: number[]): number | null {
  if (v.length === 0) return null;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * When a live session has seen enough to decide (FaceSession.addFrame's `ready`): enough good frames, the
 * challenge seen, and enough frames with a face for the liveness checks. The kiosk finishes the session then.
 */
export function sessionReady(frames: readonly FrameAnalysis[], policy: VerifyPolicy, minGoodFrames: number): boolean {
  const goodFrames = frames.filter((f) => f.ok).length;
  const seen = challengeSeen(policy.challenge, frames) ?? true;
  const faceFrames = frames.filter((f) => f.landmarks).length;
  return goodFrames >= minGoodFrames && seen && faceFrames >= LIVENESS_LIMITS.minFaceFrames;
}

export function assessLiveness(frames: readonly FrameAnalysis[], policy: VerifyPolicy): LivenessResult {
  const L = LIVENESS_LIMITS;
  const withFace = frames.filter((f) => f.landmarks);
  const passiveScore = median(withFace.map((f) => f.passiveScore).filter((s): s is number => s !== null));
  const motion = nonRigidMotion(withFace.map((f) => f.landmarks!.shape));
  const challengePassed = challengeSeen(policy.challenge, withFace);
  const fail = (reason: LivenessReason): LivenessResult => ({
    passed: false,
    passiveScore,
    challenge: policy.challenge,
    challengePassed,
    motion: round(motion),
    reason,
    message: LIVENESS_MESSAGES[reason],
  });
  if (withFace.length < L.minFaceFrames) return fail('TOO_FEW_FRAMES');
  if (policy.requirePassive && (passiveScore === null || passiveScore < L.minPassive)) return fail('PASSIVE_SPOOF');
  if (motion < L.minMotion) return fail('NO_MOTION');
  if (challengePassed === false) return fail('CHALLENGE_NOT_SEEN');
  return { passed: true, passiveScore, challenge: policy.challenge, challengePassed, motion: round(motion) };
}

function round(v: number): number {
  return Math.round(v * 1e5) / 1e5;
}
