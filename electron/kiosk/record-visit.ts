// Writes one gate decision: the visit (and, for a risk denial of a proven identity, the priority alert —
// the store queues it in the same transaction from the decision's reason), the staff note, and a nudge
// to the sync agent.
import type { GateResult } from '../contract/kiosk-api';
import type { IdentityClaim } from '../../sync/protocol/scan';
import type { VisitIdentity, VisitOverride } from '../store/types';
import type { KioskContext } from './context';
import type { GateDecision } from './gate-decision';

/** A signed city credential is a QR; a bare NIK is a NIK however it arrived (keypad or scanned). */
export function identityOf(claim: IdentityClaim): VisitIdentity {
  return claim.kind === 'credential' ? 'QR' : 'NIK';
}

export interface VisitFacts {
  nikHash: string;
  identity: VisitIdentity;
  registrationId: string | null;
  displayName: string | null;
  /** for the staff panel's memory only (recent decisions), never stored */
  maskedNik: string | null;
  faceDistance: number | null;
  livenessScore: number | null;
  override?: VisitOverride | null;
}

export function recordDecision(ctx: KioskContext, decision: GateDecision, facts: VisitFacts): GateResult {
  const { store, log, sync } = ctx.deps;
  const riskListVersion = store.riskListMeta()?.version ?? null;
  const finite = (n: number | null): number | null => (n !== null && Number.isFinite(n) ? n : null);
  const recorded = store.recordVisit({
    direction: 'entry',
    outcome: decision.outcome,
    reason: decision.reason,
    nikHash: facts.nikHash,
    identity: facts.identity,
    registrationId: facts.registrationId,
    faceDistance: finite(facts.faceDistance),
    livenessScore: finite(facts.livenessScore),
    riskListVersion,
    override: facts.override ?? null,
  });
  ctx.recent.add({
    visitId: recorded.id,
    at: ctx.now().toISOString(),
    outcome: decision.outcome,
    reason: decision.reason,
    staffMessage: decision.staffMessage,
    displayName: facts.displayName,
    maskedNik: facts.maskedNik,
    gateName: gateNameOf(ctx),
    nikHash: facts.nikHash,
    registrationId: facts.registrationId,
    riskListVersion,
    overridden: null,
  });
  log.info('gate.decision', { visitId: recorded.id, outcome: decision.outcome, reason: decision.reason, flags: decision.flags, alertQueued: recorded.alertQueued });
  sync.syncNow(recorded.alertQueued);
  return { outcome: decision.outcome, publicMessage: decision.publicMessage, visitId: recorded.id, occupancy: occupancyView(ctx) };
}

export function occupancyView(ctx: KioskContext): GateResult['occupancy'] {
  const occ = ctx.deps.store.occupancy();
  return { current: occ.current, capacity: occ.capacity };
}

/** The gate's name as the screens show it (the name given at enrolment, else its id). */
export function gateNameOf(ctx: KioskContext): string | null {
  return ctx.deps.settings.load().gateName ?? ctx.config()?.gateId ?? null;
}
