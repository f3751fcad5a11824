// The staff panel behind a PIN: recent decisions with their reasons, override with a reason (audited and
// recorded as a new visit so the server sees both the rules' answer and the officer's), check-out.
import type { OverrideArgs, StaffDecision } from '../contract/kiosk-api';
import type { KioskContext } from './context';
import { bilingual } from '../../sync/protocol/bilingual';
import { KioskError } from './messages';
import { hasNikLikeDigits, overrideReasonWords } from '../../sync/protocol/override-reasons';
import { toStaffDecision } from './recent-decisions';
import { gateNameOf } from './record-visit';

export function pinHashes(ctx: KioskContext): Array<{ hash: string; role: 'staff' | 'admin' }> {
  const s = ctx.deps.settings.load();
  const out: Array<{ hash: string; role: 'staff' | 'admin' }> = [];
  if (s.adminPinHash) out.push({ hash: s.adminPinHash, role: 'admin' });
  if (s.staffPinHash) out.push({ hash: s.staffPinHash, role: 'staff' });
  return out;
}

export function staffUnlock(ctx: KioskContext, pin: string): { token: string; expiresAt: string } {
  ctx.requireConfig();
  try {
    const session = ctx.auth.unlock(pin, pinHashes(ctx));
    ctx.deps.store.appendAudit({ actor: session.role, action: 'staff.unlock' });
    return { token: session.token, expiresAt: new Date(session.expiresAt).toISOString() };
  } catch (err) {
    if (err instanceof KioskError) {
      ctx.deps.log.warn('staff.unlock_refused', { code: err.error.code });
      if (err.error.code === 'PIN_LOCKED') ctx.deps.store.appendAudit({ actor: 'system', action: 'staff.lockout' });
    }
    throw err;
  }
}

export function recentDecisions(ctx: KioskContext, token: string): StaffDecision[] {
  ctx.auth.require(token);
  return ctx.recent.list(20).map(toStaffDecision);
}

export function overrideDecision(ctx: KioskContext, args: OverrideArgs): StaffDecision {
  const session = ctx.auth.require(args.token);
  const { store, log, sync } = ctx.deps;
  const visit = store.getVisit(args.visitId);
  if (!visit || visit.direction !== 'entry') throw KioskError.of('VISIT_NOT_FOUND');
  // After a restart the staff note is gone (memory only); the visit row still says what was decided.
  const note = ctx.recent.get(args.visitId) ?? {
    visitId: visit.id,
    at: visit.deviceTime,
    outcome: visit.outcome,
    reason: visit.reason,
    staffMessage: bilingual({ id: `Keputusan: ${visit.outcome} (${visit.reason})`, en: `Decision: ${visit.outcome} (${visit.reason})` }),
    displayName: null,
    maskedNik: null,
    gateName: gateNameOf(ctx),
    nikHash: visit.nikHash,
    registrationId: visit.registrationId,
    riskListVersion: visit.riskListVersion,
    overridden: null,
  };
  const at = ctx.now().toISOString();
  // a code and at most a short note, never a NIK or phone number (issue 10 item 5)
  const officerNote = args.note ? args.note : null;
  if (officerNote !== null && hasNikLikeDigits(officerNote)) throw KioskError.of('OVERRIDE_NOTE_NUMBER');
  if (args.reason === 'OTHER' && officerNote === null) throw KioskError.of('OVERRIDE_NOTE_NEEDED');
  const words = overrideReasonWords({ code: args.reason, note: officerNote });
  // one store transaction: the freed place, the officer's visit and the audit entry, or none of them
  const rec = store.recordOverride({ visitId: visit.id, outcome: args.outcome, reason: args.reason, note: officerNote, by: session.role });
  if (!rec) throw KioskError.of('VISIT_NOT_FOUND');
  // the staff panel shows the reason's words (memory only; the store keeps the note sealed)
  note.overridden = { outcome: args.outcome, reason: words.id, at };
  ctx.recent.add({
    ...note,
    visitId: rec.id,
    at,
    outcome: args.outcome,
    reason: 'STAFF_OVERRIDE',
    staffMessage: bilingual({ id: `Diubah petugas: ${note.outcome} → ${args.outcome} (${words.id})`, en: `Overridden by staff: ${note.outcome} → ${args.outcome} (${words.en})` }),
    overridden: null,
  });
  log.info('staff.override', { visitId: visit.id, newVisitId: rec.id, from: visit.outcome, to: args.outcome });
  sync.syncNow();
  return toStaffDecision(note);
}

export function staffCheckOut(ctx: KioskContext, token: string, visitId: string): { occupancy: number } {
  const session = ctx.auth.require(token);
  const { store } = ctx.deps;
  if (!store.getVisit(visitId)) throw KioskError.of('VISIT_NOT_FOUND');
  const done = store.checkOut({ visitId }, 'staff', session.role);
  if (!done) throw KioskError.of('NOT_CHECKED_IN');
  store.appendAudit({ actor: session.role, action: 'visit.checkout', target: visitId });
  ctx.deps.log.info('staff.checkout', { visitId });
  return { occupancy: store.occupancy().current };
}

