// POST /v1/heartbeat (device) and GET /v1/admin/fleet (admin).
import { z } from 'zod';
import { AppVersion, EntityId, IsoDateTime, INT32_MAX, RiskListVersion, Uuid } from './common';

export const Heartbeat = z.strictObject({
  /** printed by the admin CLI (`fleet`): a version-shaped string only, never terminal control text */
  appVersion: AppVersion,
  /** visits waiting in the outbox */
  queueDepth: z.number().int().nonnegative(),
  deadLetterCount: z.number().int().nonnegative(),
  riskListVersion: RiskListVersion.nullable(),
  /** seconds since the live risk list was last confirmed current (signed head) */
  riskListAgeSeconds: z.number().nonnegative().nullable(),
  lastSyncAt: IsoDateTime.nullable(),
  /** server minus device clock, ms */
  clockOffsetMs: z.number().int(),
  deviceTime: IsoDateTime,
  /** version of the venue policy in force on the kiosk (0: the defaults; absent: an older kiosk) */
  policyVersion: z.number().int().min(0).max(INT32_MAX).optional(),
});
export type Heartbeat = z.infer<typeof Heartbeat>;

export const HeartbeatResponse = z.object({
  serverTime: IsoDateTime,
  latestRiskVersion: z.number().int().nonnegative(),
  heartbeatSeconds: z.number().int().positive(),
  /** the venue's current signed entry policy (null: none issued yet, the defaults apply) */
  venuePolicy: z.unknown().optional().describe('SignedVenuePolicy (sync/protocol/venue-policy.ts) or null; the kiosk verifies it on its own, so a bad one cannot make the whole answer unreadable'),
});
export type HeartbeatResponse = z.infer<typeof HeartbeatResponse>;

export const FleetStatus = z.enum(['ok', 'stale', 'silent', 'never_seen', 'revoked']);
export const FleetDevice = z.object({
  deviceId: Uuid,
  name: z.string().nullable(),
  venueId: EntityId,
  venueName: z.string(),
  gateId: EntityId,
  enrolledAt: IsoDateTime,
  revokedAt: IsoDateTime.nullable(),
  lastSeenAt: IsoDateTime.nullable(),
  heartbeat: Heartbeat.nullable(),
  status: FleetStatus,
  /** why the status is not ok, readable */
  problems: z.array(z.string()),
});
export type FleetDevice = z.infer<typeof FleetDevice>;
export const FleetList = z.object({ devices: z.array(FleetDevice), serverTime: IsoDateTime });
export type FleetList = z.infer<typeof FleetList>;
