// When a gate decision raises a priority alert to Dinkes ("CONFIRMED person at Pasar Bogor").
//
// Only when the decision itself is a risk denial: its reason is RISK_CONFIRMED or RISK_SUSPECT. decide()
// reaches those reasons only after the identity rules (face + liveness, or an officer) have proven the
// visitor IS the claimed person. A DENY for any other reason — above all FACE_MISMATCH, a different face
// under a risk-listed NIK — says nothing about where that person is: alerting on it would place a
// confirmed person where she was not and leak her status through an impostor. So the alert's status is
// read from the reason, never from the claimed identity's risk-list entry.
import type { DecisionReason } from './decision';
import type { Outcome } from './outcome';
import type { PriorityRiskStatus } from './risk-status';
import { DECISION_REASONS } from './decision';

export type { PriorityRiskStatus } from './risk-status';

/** Reasons a visit carries besides the rules' own: a timed-out face check, an officer's override, an exit-gate check-out. */
export type KioskVisitReason = 'FACE_TIMEOUT' | 'STAFF_OVERRIDE' | 'CHECK_OUT';
export type VisitReason = DecisionReason | KioskVisitReason;

/** Every reason code a visit row can carry. */
export const VISIT_REASONS: readonly VisitReason[] = Object.freeze([...DECISION_REASONS, 'FACE_TIMEOUT', 'STAFF_OVERRIDE', 'CHECK_OUT'] as const);

/** The status a priority alert reports for this decision, or null when it raises none. */
export function priorityAlertStatus(decision: { outcome: Outcome; reason: string }): PriorityRiskStatus | null {
  if (decision.outcome !== 'DENY') return null;
  if (decision.reason === 'RISK_CONFIRMED') return 'CONFIRMED';
  if (decision.reason === 'RISK_SUSPECT') return 'SUSPECT';
  return null;
}
