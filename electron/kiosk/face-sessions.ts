// Live face checks: one session per scan. Camera frames arrive as base64 JPEG and are fed one at a time
// to the engine's incremental session; each answer carries the guidance to show. The session ends with
// a decision when the engine is ready, on timeout (REFER), or if the engine fails (REFER, never a crash).
import { randomUUID } from 'node:crypto';
import type { FrameFeedback, GateResult } from '../contract/kiosk-api';
import type { FaceSession, FaceTemplate, FrameFeedback as EngineFeedback } from '../../models/engine/types';
import { FaceEngineError } from '../../models/engine/types';
import { maskNik } from '../../sync/protocol/nik';
import type { IdentityClaim } from '../../sync/protocol/scan';
import type { RiskHit } from '../store/types';
import type { KioskContext } from './context';
import { noteFrameMs } from './context';
import { firstName } from './first-name';
import type { FaceFact } from './gate-decision';
import { decideAtGate } from './gate-decision';
import { bilingual } from '../../sync/protocol/bilingual';
import { KioskError } from './messages';
import { identityOf, recordDecision } from './record-visit';

export interface OpenSession {
  id: string;
  engineSession: FaceSession;
  claim: IdentityClaim;
  nikHash: string;
  registrationId: string | null;
  displayName: string | null;
  templates: FaceTemplate[];
  risk: RiskHit | null;
  /** a self-registration not yet checked against the KTP: REFER once the face matched */
  registrationUnverified?: boolean;
  deadlineMs: number;
  minGoodFrames: number;
  /** good face frames the engine has seen so far */
  goodFrames: number;
  busy: boolean;
  last: FrameFeedback;
}

const HOLD_STILL = { code: 'LOOK_AT_CAMERA', message: bilingual({ id: 'Lihat ke kamera', en: 'Look at the camera' }) };

/**
 * How far the check is toward its decision: the good frames it needs and, with a challenge, the blink or
 * turn seen (half each). Without the challenge seen it never passes one half, so the bar cannot near full
 * while the visitor has not blinked. 1 only with the result.
 */
export function checkProgress(goodFrames: number, minGoodFrames: number, challenge: { kind: string; seen: boolean }): number {
  const frames = Math.min(1, goodFrames / Math.max(1, minGoodFrames));
  const done = challenge.kind === 'none' ? frames : (frames + (challenge.seen ? 1 : 0)) / 2;
  return Math.min(0.95, done);
}

export interface FaceSessions {
  open(s: Omit<OpenSession, 'id' | 'busy' | 'last' | 'goodFrames'>): OpenSession;
  submitFrame(sessionId: string, jpegBase64: string): Promise<FrameFeedback>;
  cancel(sessionId: string): boolean;
  cancelAll(): void;
  active(): number;
}

function isJpeg(bytes: Buffer): boolean {
  return bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

export function createFaceSessions(ctx: KioskContext): FaceSessions {
  const sessions = new Map<string, OpenSession>();

  function end(s: OpenSession): void {
    sessions.delete(s.id);
  }

  function conclude(s: OpenSession, face: FaceFact): GateResult {
    end(s);
    const decision = decideAtGate(ctx, { claim: s.claim, registered: true, face, risk: s.risk, registrationUnverified: s.registrationUnverified === true });
    const r = face.kind === 'verified' ? face.result : null;
    const result = recordDecision(ctx, decision, {
      nikHash: s.nikHash,
      identity: identityOf(s.claim),
      registrationId: s.registrationId,
      displayName: s.displayName,
      maskedNik: maskNik(s.claim.nik.nik),
      faceDistance: r ? r.distance : null,
      livenessScore: r ? r.liveness.passiveScore : null,
    });
    // The name only now, and only when the live face matched and the visitor may enter (issue 10).
    return { ...result, greetingName: decision.outcome === 'ADMIT' && face.kind === 'verified' ? firstName(s.displayName) : null };
  }

  function finished(result: GateResult): FrameFeedback {
    return { guidance: null, progress: 1, challengePrompt: null, result };
  }

  function feedbackOf(s: OpenSession, fb: EngineFeedback): FrameFeedback {
    const issue = fb.analysis.issue;
    return {
      guidance: issue ? { code: issue.code, message: issue.message } : { code: 'HOLD_STILL', message: fb.guidance },
      progress: checkProgress(fb.goodFrames, s.minGoodFrames, fb.challenge),
      challengePrompt: fb.challenge.kind !== 'none' && !fb.challenge.seen ? fb.challenge.prompt : null,
      result: null,
    };
  }

  async function step(s: OpenSession, bytes: Buffer): Promise<FrameFeedback> {
    const nowMs = ctx.now().getTime();
    if (nowMs > s.deadlineMs) {
      ctx.deps.log.info('face.timeout', { sessionId: s.id, goodFrames: s.goodFrames });
      // Enough good views of a face but the session never became ready: the liveness check (blink/turn,
      // motion) was not met — what a photo held to the camera looks like. Let the engine give its verdict so
      // staff see LIVENESS_FAILED and why, rather than a bare timeout.
      if (s.goodFrames >= s.minGoodFrames) return finishWith(s);
      s.engineSession.cancel();
      return finished(conclude(s, { kind: 'timeout' }));
    }
    const started = performance.now();
    let fb: EngineFeedback;
    try {
      fb = await s.engineSession.addFrame({ kind: 'encoded', bytes }, nowMs);
    } catch (err) {
      // One undecodable frame is the camera's hiccup, not the engine's failure: refuse it, keep the check.
      if (err instanceof FaceEngineError && err.code === 'BAD_INPUT') throw KioskError.of('FRAME_NOT_JPEG');
      ctx.deps.log.error('face.frame_failed', { sessionId: s.id, error: err });
      s.engineSession.cancel();
      return finished(conclude(s, { kind: 'unavailable' }));
    }
    noteFrameMs(ctx, performance.now() - started);
    s.goodFrames = fb.goodFrames;
    if (!fb.ready) return feedbackOf(s, fb);
    return finishWith(s);
  }

  async function finishWith(s: OpenSession): Promise<FrameFeedback> {
    try {
      const result = await s.engineSession.finish(s.templates);
      // liveReason: the engine's code for a failed liveness check (PASSIVE_SPOOF, NO_MOTION, ...), so a DENY's log line
      // says why without any personal data; null when liveness passed.
      ctx.deps.log.info('face.verified', { sessionId: s.id, match: result.match, live: result.liveness.passed, liveReason: result.liveness.reason ?? null, frames: result.framesUsed });
      return finished(conclude(s, { kind: 'verified', result }));
    } catch (err) {
      ctx.deps.log.error('face.finish_failed', { sessionId: s.id, error: err });
      return finished(conclude(s, { kind: 'unavailable' }));
    }
  }

  return {
    open(input) {
      // One camera, one visitor: a new scan abandons any earlier check.
      for (const s of sessions.values()) s.engineSession.cancel();
      sessions.clear();
      const s: OpenSession = { ...input, id: randomUUID(), goodFrames: 0, busy: false, last: { guidance: HOLD_STILL, progress: 0, challengePrompt: null, result: null } };
      sessions.set(s.id, s);
      return s;
    },
    async submitFrame(sessionId, jpegBase64) {
      const s = sessions.get(sessionId);
      if (!s) throw KioskError.of('SESSION_NOT_FOUND');
      const bytes = Buffer.from(jpegBase64, 'base64');
      if (!isJpeg(bytes)) throw KioskError.of('FRAME_NOT_JPEG');
      // Frames come faster than inference: drop the ones that arrive while one is being analysed,
      // so guidance never lags behind a queue of stale frames.
      if (s.busy) return s.last;
      s.busy = true;
      try {
        s.last = await step(s, bytes);
        return s.last;
      } finally {
        s.busy = false;
      }
    },
    cancel(sessionId) {
      const s = sessions.get(sessionId);
      if (!s) return false;
      s.engineSession.cancel();
      end(s);
      return true;
    },
    cancelAll() {
      for (const s of sessions.values()) s.engineSession.cancel();
      sessions.clear();
    },
    active: () => sessions.size,
  };
}
