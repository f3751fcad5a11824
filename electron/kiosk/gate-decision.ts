// Gathers what the gate rules need (risk entry by NIK hash, occupancy, risk-list age, policy) and calls
// the shared pure `decide`. The kiosk adds one reason of its own: FACE_TIMEOUT (the visitor did not give
// the camera enough good frames in time), which the rules see as "face not checked".
import type { Bilingual } from '../contract/kiosk-api';
import type { DecisionInput, FaceResult, LivenessResult } from '../../sync/protocol/decision';
import { decide } from '../../sync/protocol/decision';
import type { VerifyResult } from '../../models/engine/types';
import type { IdentityClaim } from '../../sync/protocol/scan';
import type { RiskHit } from '../store/types';
import type { KioskContext } from './context';
import { riskListCurrentAt } from '../../sync/protocol/risk-list-age';
import { bilingual } from '../../sync/protocol/bilingual';
import type { Outcome } from '../../sync/protocol/outcome';

export type FaceFact =
  | { kind: 'verified'; result: VerifyResult }
  | { kind: 'no-template' }
  | { kind: 'unavailable' }
  | { kind: 'timeout' }
  | { kind: 'skipped' };

export interface GateDecision {
  outcome: Outcome;
  reason: string;
  publicMessage: Bilingual;
  staffMessage: Bilingual;
  flags: string[];
}

/** Open-ended risk entries (no valid-until) stay active: the rules want a date, so give one far away. */
const OPEN_ENDED = '9999-12-31';

export function faceToRules(face: FaceFact): { face: FaceResult; liveness: LivenessResult } {
  switch (face.kind) {
    case 'verified': {
      const r = face.result;
      if (r.error || r.framesUsed === 0) return { face: { kind: 'unavailable' }, liveness: 'not-required' };
      return {
        face: r.match ? { kind: 'match', distance: r.distance } : { kind: 'mismatch', distance: r.distance },
        liveness: r.liveness.passed ? 'passed' : 'failed',
      };
    }
    case 'no-template':
      return { face: { kind: 'no-template' }, liveness: 'not-required' };
    case 'unavailable':
      return { face: { kind: 'unavailable' }, liveness: 'not-required' };
    case 'timeout':
    case 'skipped':
      return { face: { kind: 'skipped' }, liveness: 'not-required' };
  }
}

export function decideAtGate(
  ctx: KioskContext,
  facts: { claim: IdentityClaim; registered: boolean; face: FaceFact; risk: RiskHit | null; registrationUnverified?: boolean },
): GateDecision {
  const { store } = ctx.deps;
  const policy = ctx.policy();
  const meta = store.riskListMeta();
  const occ = store.occupancy();
  const input: DecisionInput = {
    identity: facts.claim.kind,
    registered: facts.registered,
    ...faceToRules(facts.face),
    risk: facts.risk ? { status: facts.risk.status, validUntil: facts.risk.validUntil ?? OPEN_ENDED } : null,
    venue: { capacity: effectiveCapacity(occ.capacity, policy.capacityPercent), occupancy: occ.current },
    riskList: meta ? { version: meta.version, currentAt: new Date(riskListCurrentAt(meta)).toISOString() } : null,
    policy,
    now: ctx.now(),
    registrationUnverified: facts.registrationUnverified === true,
    // The age limits read the birth date in the NIK itself: a typed NIK and a city QR pass both carry the
    // NIK in clear (readScan parses it), so the registration record needs no birth date of its own.
    birthDate: facts.claim.nik.birthDate,
  };
  const d = decide(input);
  if (facts.face.kind === 'timeout' && d.reason === 'FACE_NOT_CHECKED') {
    return {
      outcome: d.outcome,
      reason: 'FACE_TIMEOUT',
      publicMessage: d.publicMessage,
      staffMessage: bilingual({ id: 'RUJUK: waktu pemeriksaan wajah habis sebelum wajah terbaca dengan baik. Periksa KTP', en: 'REFER: the face check timed out before a good view of the face. Check the ID card' }),
      flags: [...d.flags, 'FACE_TIMEOUT'],
    };
  }
  return { outcome: d.outcome, reason: d.reason, publicMessage: d.publicMessage, staffMessage: d.staffMessage, flags: d.flags };
}

/** The venue's capacity under the policy's share of normal (rounded down: 50 % of 5 places is 2). */
export function effectiveCapacity(capacity: number | null, percent: number): number | null {
  if (capacity === null) return null;
  return percent >= 100 ? capacity : Math.floor((capacity * percent) / 100);
}
