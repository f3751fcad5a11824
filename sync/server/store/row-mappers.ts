// Row → record mappers that read the same whatever the backend (column names are shared by both schemas).
import type { ConsoleRole, VenueCategory } from '../../protocol/console/roles';
import type { ThrottleState } from './login-throttle';
import type { TracingCaseRow, AlertHandlingRow, AgencyRow, ApiKeyRow, AuditEntryRow, ConsoleSessionRow, ConsoleUserRow, GateRow, RegistrationUpsert, VenueRow } from './types';

export type Row = Record<string, unknown>;
export const num = (v: unknown): number => Number(v);
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function venueFrom(r: Row): VenueRow {
  return { id: String(r.id), name: String(r.name), address: String(r.address), capacity: num(r.capacity), region: String(r.region), dwellMinutes: num(r.dwell_minutes), category: (r.category ?? 'other') as VenueCategory, createdAt: num(r.created_at) };
}
export function gateFrom(r: Row): GateRow {
  return { id: String(r.id), venueId: String(r.venue_id), name: String(r.name), direction: r.direction as GateRow['direction'] };
}

/** JSON columns: text on SQLite, jsonb (already parsed) on PostgreSQL. */
export function jsonCol<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}
export function agencyFrom(r: Row): AgencyRow {
  return { id: String(r.id), name: String(r.name), categories: jsonCol<VenueCategory[]>(r.categories), createdAt: num(r.created_at) };
}
/** `venue_ids`: the user's venues aggregated as a JSON array by the query */
export function consoleUserFrom(r: Row): ConsoleUserRow {
  return {
    id: String(r.id), username: String(r.username), displayName: String(r.display_name), passwordHash: String(r.password_hash), role: r.role as ConsoleRole,
    agencyId: strOrNull(r.agency_id), venueIds: (jsonCol<Array<string | null>>(r.venue_ids ?? '[]')).filter((x): x is string => x !== null).sort(),
    totpSealed: strOrNull(r.totp_sealed), disabledAt: numOrNull(r.disabled_at), createdAt: num(r.created_at), updatedAt: num(r.updated_at),
  };
}
export function sessionFrom(r: Row): ConsoleSessionRow {
  return {
    idHash: String(r.id_hash), userId: String(r.user_id), csrfToken: String(r.csrf_token), createdAt: num(r.created_at), lastSeenAt: num(r.last_seen_at),
    expiresAt: num(r.expires_at), address: strOrNull(r.address),
  };
}
export function apiKeyFrom(r: Row): ApiKeyRow {
  return {
    id: String(r.id), name: String(r.name), role: r.role as ConsoleRole, agencyId: strOrNull(r.agency_id), venueIds: jsonCol<string[]>(r.venue_ids),
    secretHash: String(r.secret_hash), legacy: Boolean(num(r.legacy)), createdAt: num(r.created_at), createdBy: strOrNull(r.created_by),
    revokedAt: numOrNull(r.revoked_at), lastUsedAt: numOrNull(r.last_used_at),
  };
}
export function auditFrom(r: Row): AuditEntryRow {
  return {
    seq: num(r.seq), at: num(r.at), actorKind: r.actor_kind as AuditEntryRow['actorKind'], actorId: strOrNull(r.actor_id), actorName: strOrNull(r.actor_name),
    actorRole: strOrNull(r.actor_role), action: String(r.action), target: strOrNull(r.target), purpose: strOrNull(r.purpose), address: strOrNull(r.address),
    details: jsonCol<Record<string, unknown>>(r.details), prevHash: String(r.prev_hash), hash: String(r.hash),
  };
}
export function throttleFrom(r: Row | undefined): ThrottleState | null {
  return r ? { failures: num(r.failures), lockedUntil: numOrNull(r.locked_until), updatedAt: num(r.updated_at) } : null;
}

/** The residents' columns of an upsert with their defaults (see RegistrationUpsert), the same on both backends. */
export function registrationUpsertValues(r: RegistrationUpsert): { verified: boolean; verifiedAt: number | null; verifiedBy: string | null; contactSealed: string | null; contactSet: boolean } {
  const verified = r.verified ?? true;
  return {
    verified,
    verifiedAt: verified ? (r.verifiedAt ?? r.updatedAt) : null,
    verifiedBy: verified ? (r.verifiedBy ?? null) : null,
    contactSealed: r.contactSealed ?? null,
    contactSet: r.contactSealed !== undefined,
  };
}
export function alertHandlingFrom(r: Row): AlertHandlingRow {
  return { alertId: String(r.alert_id), acknowledgedAt: numOrNull(r.acknowledged_at), acknowledgedBy: strOrNull(r.acknowledged_by), assignedTo: strOrNull(r.assigned_to), updatedAt: num(r.updated_at) };
}
export function tracingCaseFrom(r: Row): TracingCaseRow {
  return {
    id: String(r.id), ownerId: String(r.owner_id), ownerName: String(r.owner_name), nikSealed: String(r.nik_sealed), nikHash: String(r.nik_hash), nikMasked: String(r.nik_masked),
    purpose: String(r.purpose), legalBasisCategory: String(r.legal_basis_category), legalBasis: String(r.legal_basis), windowFrom: num(r.window_from),
    openedAt: num(r.opened_at), closedAt: numOrNull(r.closed_at), closeNote: strOrNull(r.close_note),
  };
}
