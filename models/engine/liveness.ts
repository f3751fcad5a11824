// Liveness over a frame sequence (pure: works on FrameAnalysis summaries, no images).
//  - passive: median fr_liveness score of the frames with a face (screen replays score ~0, live faces ~1); an
//    unsure median keeps the session watching up to maxWatchMs before it decides;
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
   * With challenge 'none' nothing else shows a live face, so more motion is needed (smoothed, see motionSmoothMs).
   * Measured over the first 1.5–3 s at 8 fps, JPEG q0.85: live clips 0.020 (talking), 0.027 (webcam), the selfie
   * clip 0.008 while still and 0.018 once it turns; zoom-panned stills of a monitor 0.013, of masks and cut-out
   * prints ≤ 0.010, of live tight crops 0.004–0.012. A live person who stands perfectly still is refused under
   * 'none' (use a challenge).
   */
  minMotionNoChallenge: 0.014,
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
  /**
   * A session is judged only after the face has been watched this long (first to last frame with a face). Before,
   * it finished at the 3rd good frame (~0.4 s): too short for a live person's motion to show (a live webcam clip
   * measured 0.006 over its first 0.5 s and was refused NO_MOTION under 'none', 0.027 after 1.5 s), and the
   * passive median was then the median of 3 frames.
   */
  minWatchMs: 1500,
  /** …and at most this long for the motion to show (the kiosk keeps watching a still face, then judges). */
  maxWatchMs: 3000,
  /**
   * Landmark shapes are averaged over this window (centred, ms) before the motion is measured: frame-to-frame
   * landmark jitter (what a resampled still photo shows) averages out, a real blink/talk/turn does not.
   */
  motionSmoothMs: 400,
  /**
   * A fused passive score inside this band is unsure: the session keeps watching (up to maxWatchMs) instead of
   * deciding at minWatchMs, so the verdict rests on more frames. Measured: a phone-filmed replay (pad set
   * at_mani_fake) swings 0.0–0.8 frame to frame over its first 1.7 s, median 0.40 at the 1.5 s point — refused
   * by a hair — and 0.17 at 3 s; live clips sit at 0.99+ (one, the pexels clip with laser lines on the face, at
   * 0.77–0.86: it is watched to 3 s and still admitted). Costs a visitor up to 1.5 s only when the model is unsure.
   */
  passiveUnsure: [0.2, 0.8] as const,
};

/** Each frame's normalised shape averaged with those within ±motionSmoothMs/2 of it (by atMs). */
export function smoothedShapes(frames: readonly FrameAnalysis[]): number[][] {
  const half = LIVENESS_LIMITS.motionSmoothMs / 2;
  const withFace = frames.filter((f) => f.landmarks);
  return withFace.map((f) => {
    const near = withFace.filter((g) => Math.abs(g.atMs - f.atMs) <= half);
    const out = new Array<number>(f.landmarks!.shape.length).fill(0);
    for (const g of near) g.landmarks!.shape.forEach((v, i) => (out[i] = out[i]! + v / near.length));
    return out;
  });
}

/** Non-rigid motion of the face over the frames, after temporal smoothing (inter-ocular units). */
export function faceMotion(frames: readonly FrameAnalysis[]): number {
  return nonRigidMotion(smoothedShapes(frames));
}

/** The motion a verdict needs under this policy. */
export function requiredMotion(policy: VerifyPolicy): number {
  return policy.challenge === 'none' ? LIVENESS_LIMITS.minMotionNoChallenge : LIVENESS_LIMITS.minMotion;
}

function watchedMs(frames: readonly FrameAnalysis[]): number {
  const withFace = frames.filter((f) => f.landmarks);
  return withFace.length < 2 ? 0 : withFace[withFace.length - 1]!.atMs - withFace[0]!.atMs;
}

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
  if (goodFrames < minGoodFrames || !seen || faceFrames < LIVENESS_LIMITS.minFaceFrames) return false;
  const watched = watchedMs(frames);
  if (watched < LIVENESS_LIMITS.minWatchMs) return false;
  if (watched >= LIVENESS_LIMITS.maxWatchMs) return true;
  if (policy.requirePassive) {
    const p = fusedPassive(frames);
    const [lo, hi] = LIVENESS_LIMITS.passiveUnsure;
    if (p !== null && p > lo && p < hi) return false;
  }
  return faceMotion(frames) >= requiredMotion(policy);
}

/** The passive score fused over the frames with a face: the median (one odd frame — a blink, a turned head — moves it little). */
export function fusedPassive(frames: readonly FrameAnalysis[]): number | null {
  return median(frames.filter((f) => f.landmarks && f.passiveScore !== null).map((f) => f.passiveScore!));
}

export function assessLiveness(frames: readonly FrameAnalysis[], policy: VerifyPolicy): LivenessResult {
  const L = LIVENESS_LIMITS;
  const withFace = frames.filter((f) => f.landmarks);
  const passiveScore = fusedPassive(withFace);
  const motion = faceMotion(withFace);
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
  if (motion < requiredMotion(policy)) return fail('NO_MOTION');
  if (challengePassed === false) return fail('CHALLENGE_NOT_SEEN');
  return { passed: true, passiveScore, challenge: policy.challenge, challengePassed, motion: round(motion) };
}

function round(v: number): number {
  return Math.round(v * 1e5) / 1e5;
}
