// Store rows → /v1 wire bodies. The store freezes a visit's upload body when it is recorded, so a
// retry sends the same content and the server's idempotency check sees `duplicate`, not `conflict`.
import type { AlertUpload } from '../protocol/api/alerts';
import type { Visit } from '../protocol/api/visits';
import type { AgentAlertUpload, AgentVisitUpload } from './ports';

export function toWireVisit(v: AgentVisitUpload & { identity?: 'QR' | 'NIK' | 'NONE'; checkedOutAt?: string | null }): Visit {
  return {
    id: v.id,
    venueId: v.venueId,
    gateId: v.gateId,
    occurredAt: v.serverTime ?? v.deviceTime,
    deviceTime: v.deviceTime,
    clockOffsetMs: Math.round(v.clockOffsetMs),
    clockSuspect: v.clockStatus !== 'ok',
    // The store does not record how the visitor identified yet (requested); a hash means a NIK was read.
    identity: v.identity ?? (v.nikHash === null ? 'NONE' : v.registrationId ? 'QR' : 'NIK'),
    nikHash: v.nikHash,
    outcome: v.outcome,
    reason: v.reason,
    override: v.override ? { staffId: v.override.by, reason: v.override.reason } : null,
    faceDistance: v.faceDistance,
    livenessScore: v.livenessScore,
    riskListVersion: v.riskListVersion,
    checkedOutAt: v.checkedOutAt ?? null,
  };
}

export function toWireAlert(a: AgentAlertUpload): AlertUpload | null {
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
