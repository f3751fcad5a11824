// GET /v1/admin/trace: contact tracing for a NIK (the server hashes it; visits hold only hashes).
import { z } from 'zod';
import { EntityId, IsoDateTime, NikHashHex, Uuid } from './common';

export const TraceQuery = z.strictObject({
  nik: z.string().min(1).max(64),
  /** window start (default: `to` minus 14 days) */
  from: IsoDateTime.optional(),
  /** window end (default: now) */
  to: IsoDateTime.optional(),
  /** overlap margin either side, minutes (default 15) */
  marginMinutes: z.coerce.number().int().min(0).max(240).optional(),
  /** assumed stay for visits without check-out (default: server setting) */
  dwellMinutes: z.coerce.number().int().min(1).max(24 * 60).optional(),
  format: z.enum(['json', 'csv']).optional(),
});
export type TraceQuery = z.infer<typeof TraceQuery>;

export const TraceVisit = z.object({
  visitId: Uuid,
  venueId: EntityId,
  venueName: z.string().nullable(),
  gateId: EntityId,
  from: IsoDateTime,
  /** check-out, or from + dwell when there was none */
  to: IsoDateTime,
  checkedOut: z.boolean(),
  outcome: z.string(),
});
export const TraceContact = TraceVisit.extend({
  nikHash: NikHashHex,
  /** the index-case visit it overlaps */
  overlapsVisitId: Uuid,
  overlapMinutes: z.number(),
});
export const TraceResult = z.object({
  nikHash: NikHashHex,
  window: z.object({ from: IsoDateTime, to: IsoDateTime }),
  marginMinutes: z.number(),
  dwellMinutes: z.number(),
  visits: z.array(TraceVisit),
  contacts: z.array(TraceContact),
});
export type TraceResult = z.infer<typeof TraceResult>;
