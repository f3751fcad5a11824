// POST /v1/visits: a batch of up to 500 visits, idempotent by visit id.
// The envelope is checked as a whole; each visit is validated on its own so one bad record is
// answered `rejected` (with a reason) and never blocks the rest of the batch.
import { z } from 'zod';
import { OUTCOMES } from '../outcome';
import { OVERRIDE_NOTE_MAX, OverrideReasonCode } from '../override-reasons';
import { VISIT_IDENTITIES } from '../visit-identity';
import { EntityId, IsoDateTime, ItemResult, NikHashHex, RiskListVersion, UuidV7, plainText } from './common';

export const MAX_VISIT_BATCH = 500;

export const Visit = z.strictObject({
  id: UuidV7,
  venueId: EntityId,
  gateId: EntityId,
  /** best estimate of true time: device clock corrected by the measured offset */
  occurredAt: IsoDateTime,
  /** the raw device clock when the visit was recorded */
  deviceTime: IsoDateTime,
  /** server minus device clock in ms as last measured (0 if never measured) */
  clockOffsetMs: z.number().int(),
  /** the kiosk did not trust its clock for this visit (offset unknown or large) */
  clockSuspect: z.boolean(),
  /** how the visitor identified: signed QR, typed/scanned NIK, or not at all (refused before) */
  identity: z.enum(VISIT_IDENTITIES),
  /** keyed hash of the NIK; null when no identity was read. Never the NIK itself. */
  nikHash: NikHashHex.nullable(),
  outcome: z.enum(OUTCOMES),
  /** the decision's reason code (e.g. FACE_MISMATCH, RISK_CONFIRMED, VENUE_FULL) */
  reason: plainText(64),
  /**
   * a staff override of the automatic decision: a fixed reason code and the officer's optional short
   * note (the server masks NIK-like digit runs in it and keeps it sealed; see override-reasons.ts)
   */
  override: z.strictObject({ staffId: plainText(64), reason: OverrideReasonCode, note: plainText(OVERRIDE_NOTE_MAX).nullable() }).nullable(),
  faceDistance: z.number().finite().nullable(),
  livenessScore: z.number().finite().nullable(),
  riskListVersion: RiskListVersion.nullable(),
  checkedOutAt: IsoDateTime.nullable(),
});
export type Visit = z.infer<typeof Visit>;

export const VisitBatch = z.strictObject({
  visits: z.array(z.unknown()).min(1).max(MAX_VISIT_BATCH),
});
export type VisitBatch = { visits: Visit[] };

export const VisitBatchResponse = z.object({
  /** one per submitted visit, same order */
  results: z.array(ItemResult),
  serverTime: IsoDateTime,
});
export type VisitBatchResponse = z.infer<typeof VisitBatchResponse>;

/** POST /v1/visits/checkouts: a check-out recorded after the visit was uploaded (first one wins). */
export const Checkout = z.strictObject({ visitId: UuidV7, checkedOutAt: IsoDateTime });
export const CheckoutBatch = z.strictObject({ checkouts: z.array(Checkout).min(1).max(MAX_VISIT_BATCH) });
export type CheckoutBatch = z.infer<typeof CheckoutBatch>;
export const CheckoutBatchResponse = z.object({
  /** visit ids the server knows and updated or already had a check-out for */
  applied: z.number().int().nonnegative(),
  /** visit ids not (yet) on the server: send the check-out again after the visit */
  unknown: z.array(z.string()),
  /** visits of another venue than the device's: refused, unchanged (absent from older servers) */
  foreign: z.array(z.string()).optional(),
});
export type CheckoutBatchResponse = z.infer<typeof CheckoutBatchResponse>;
