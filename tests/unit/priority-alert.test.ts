// The priority-alert rule as a table over every reason code a visit can carry: Dinkes hears of a
// CONFIRMED / SUSPECT person at a venue only when the gate proved it was that person and denied her
// for that status — never for a different face under her NIK (FACE_MISMATCH).
import { describe, expect, it } from 'vitest';
import { decide, DECISION_REASONS, DEFAULT_GATE_POLICY, type DecisionInput } from '../../sync/protocol/decision';
import { OUTCOMES } from '../../sync/protocol/outcome';
import { priorityAlertStatus, VISIT_REASONS, type PriorityRiskStatus, type VisitReason } from '../../sync/protocol/priority-alert';

// Written out by hand, one row per reason: adding a reason without deciding its alert fails this test.
const EXPECTED: Record<VisitReason, PriorityRiskStatus | null> = {
  CLEARED: null,
  INPUT_INVALID: null,
  LIVENESS_FAILED: null,
  NO_IDENTITY: null,
  NOT_REGISTERED: null,
  FACE_MISMATCH: null,
  ENGINE_UNAVAILABLE: null,
  NO_FACE_TEMPLATE: null,
  REGISTRATION_UNVERIFIED: null,
  FACE_NOT_CHECKED: null,
  LIVENESS_NOT_CHECKED: null,
  RISK_CONFIRMED: 'CONFIRMED',
  RISK_SUSPECT: 'SUSPECT',
  RISK_CLOSE_CONTACT: null,
  VENUE_FULL: null,
  RISK_LIST_MISSING: null,
  RISK_LIST_STALE: null,
  VENUE_CLOSED: null,
  AGE_UNKNOWN: null,
  AGE_BELOW_MIN: null,
  AGE_ABOVE_MAX: null,
  FACE_TIMEOUT: null,
  STAFF_OVERRIDE: null,
  CHECK_OUT: null,
};

describe('priorityAlertStatus', () => {
  it('the table covers every reason code a visit can carry', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...VISIT_REASONS].sort());
    for (const r of DECISION_REASONS) expect(VISIT_REASONS).toContain(r);
  });

  const rows = VISIT_REASONS.flatMap((reason) => OUTCOMES.map((outcome) => [reason, outcome, outcome === 'DENY' ? EXPECTED[reason] : null] as const));
  it.each(rows)('%s with %s → %s', (reason, outcome, expected) => {
    expect(priorityAlertStatus({ outcome, reason })).toBe(expected);
  });

  it('an unknown reason raises nothing', () => {
    expect(priorityAlertStatus({ outcome: 'DENY', reason: 'SOMETHING_NEW' })).toBeNull();
    expect(priorityAlertStatus({ outcome: 'DENY', reason: 'toString' })).toBeNull();
  });

  // Through decide() itself: a CONFIRMED person's NIK with every face result. Only a proven identity alerts.
  const base = (over: Partial<DecisionInput>): DecisionInput => ({
    identity: 'credential', registered: true, face: { kind: 'match', distance: 0.3 }, liveness: 'passed',
    risk: { status: 'CONFIRMED', validUntil: '2026-12-10' }, venue: { capacity: 100, occupancy: 0 },
    riskList: { version: 7, currentAt: '2026-12-03T00:00:00Z' }, policy: { ...DEFAULT_GATE_POLICY }, now: new Date('2026-12-03T06:00:00Z'), ...over,
  });
  it.each<[string, Partial<DecisionInput>, PriorityRiskStatus | null]>([
    ['the face matches, liveness passed', {}, 'CONFIRMED'],
    ['a SUSPECT person, face matches', { risk: { status: 'SUSPECT', validUntil: '2026-12-10' } }, 'SUSPECT'],
    ['an officer checked the ID card', { face: { kind: 'skipped' }, liveness: 'not-required', officerVerified: true }, 'CONFIRMED'],
    ['a different face under her NIK (impostor)', { face: { kind: 'mismatch', distance: 0.9 } }, null],
    ['a photo (liveness failed)', { liveness: 'failed' }, null],
    ['the face engine is down', { face: { kind: 'unavailable' } }, null],
    ['no face template', { face: { kind: 'no-template' } }, null],
    ['face not checked', { face: { kind: 'skipped' } }, null],
    ['a CLOSE_CONTACT person (denied by policy)', { risk: { status: 'CLOSE_CONTACT', validUntil: '2026-12-10' } }, null],
    ['her status has expired', { risk: { status: 'CONFIRMED', validUntil: '2026-12-01' } }, null],
  ])('a risk-listed NIK, %s → %s', (_what, over, expected) => {
    expect(priorityAlertStatus(decide(base(over)))).toBe(expected);
  });
});
