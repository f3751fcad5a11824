// Store rows → /v1 wire bodies. The store freezes a visit's upload body when it is recorded, so a
// retry sends the same content and the server's idempotency check sees `duplicate`, not `conflict`.
import type { AlertUpload as WireAlert } from '../protocol/api/alerts';
import type { Visit } from '../protocol/api/visits';
import { maskNikLikeDigits, OVERRIDE_NOTE_MAX, OverrideReasonCode } from '../protocol/override-reasons';
import type { AlertUpload, VisitOverride, VisitUpload } from './ports';

/** How a visit recorded before the store kept `identity` identified: a hash means a NIK was read. */
export function legacyIdentity(v: Pick<VisitUpload, 'nikHash' | 'registrationId'>): Visit['identity'] {
  return v.nikHash === null ? 'NONE' : v.registrationId ? 'QR' : 'NIK';
}

export function toWireVisit(v: VisitUpload & { checkedOutAt?: string | null }): Visit {
  return {
    id: v.id,
    venueId: v.venueId,
    gateId: v.gateId,
    occurredAt: v.serverTime ?? v.deviceTime,
    deviceTime: v.deviceTime,
    clockOffsetMs: Math.round(v.clockOffsetMs),
    clockSuspect: v.clockStatus !== 'ok',
    // recorded by the gate since schema 3; older bodies (frozen without it) keep the derived value, so a
    // retry of one stays byte-identical
    identity: v.identity ?? legacyIdentity(v),
    nikHash: v.nikHash,
    outcome: v.outcome,
    reason: v.reason,
    override: v.override ? wireOverride(v.override) : null,
    faceDistance: v.faceDistance,
    livenessScore: v.livenessScore,
    riskListVersion: v.riskListVersion,
    checkedOutAt: v.checkedOutAt ?? null,
  };
}

export function toWireAlert(a: AlertUpload): WireAlert | null {
  // Only a DENY of a CONFIRMED or SUSPECT person is a priority alert on the wire.
  if (a.riskStatus !== 'CONFIRMED' && a.riskStatus !== 'SUSPECT') return null;
  return {
    id: a.id,
    visitId: a.visitId,
    venueId: a.venueId,
    gateId: a.gateId,
    occurredAt: a.serverTime ?? a.at,
    nikHash: a.nikHash,
    riskStatus: a.riskStatus,
    outcome: 'DENY',
    riskListVersion: a.riskListVersion,
  };
}

/**
 * A reason code as is; the free text of a visit recorded before the codes goes as OTHER with the text as
 * its note, NIK-like digit runs masked and cut to the note's length (it left the store sealed neither).
 */
export function wireOverride(o: VisitOverride): NonNullable<Visit['override']> {
  const code = OverrideReasonCode.safeParse(o.reason);
  if (code.success) return { staffId: o.by, reason: code.data, note: o.note ?? null };
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const legacy = maskNikLikeDigits(o.reason).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, OVERRIDE_NOTE_MAX);
  return { staffId: o.by, reason: 'OTHER', note: legacy.length > 0 ? legacy : null };
}
