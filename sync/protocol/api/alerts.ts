// POST /v1/alerts: a DENY of a CONFIRMED or SUSPECT person, pushed by the kiosk at once.
// GET /v1/admin/alerts: listed for Dinkes (admin token).
import { z } from 'zod';
import { PRIORITY_RISK_STATUSES } from '../risk-status';
import { EntityId, IsoDateTime, ItemResult, NikHashHex, RiskListVersion, Uuid } from './common';

export const MAX_ALERT_BATCH = 100;

export const AlertUpload = z.strictObject({
  id: Uuid,
  visitId: Uuid,
  venueId: EntityId,
  gateId: EntityId,
  occurredAt: IsoDateTime,
  nikHash: NikHashHex,
  riskStatus: z.enum(PRIORITY_RISK_STATUSES),
  outcome: z.literal('DENY'),
  riskListVersion: RiskListVersion.nullable(),
});
export type AlertUpload = z.infer<typeof AlertUpload>;

export const AlertBatch = z.strictObject({ alerts: z.array(z.unknown()).min(1).max(MAX_ALERT_BATCH) });
export const AlertBatchResponse = z.object({ results: z.array(ItemResult), serverTime: IsoDateTime });
export type AlertBatchResponse = z.infer<typeof AlertBatchResponse>;

export const AlertRecord = AlertUpload.extend({
  deviceId: Uuid,
  receivedAt: IsoDateTime,
  venueName: z.string().nullable(),
});
export type AlertRecord = z.infer<typeof AlertRecord>;

export const AlertsQuery = z.strictObject({
  /** ISO time: alerts received at or after */
  since: IsoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export const AlertsList = z.object({ alerts: z.array(AlertRecord), serverTime: IsoDateTime });
export type AlertsList = z.infer<typeof AlertsList>;
