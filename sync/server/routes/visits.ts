// POST /v1/visits (up to the table's batch limit, idempotent by visit id; each visit answered on its own)
// and POST /v1/visits/checkouts. The items were checked against the Visit schema (or the fast check)
// by the registration; here: the device's venue, the gate, and the store's idempotency answer.
import { hash } from 'node:crypto';
import type { ItemResult } from '../../protocol/api/common';
import type { Visit, VisitBatchResponse } from '../../protocol/api/visits';
import { overrideColumns } from '../override-note';
import type { VisitRow } from '../store/types';
import type { RouteDeps } from './deps';
import type { Handlers } from './register';

/**
 * Same visit ⇔ same hash. The schema is strict (no unknown fields, every field present), so the values
 * in a fixed field order identify the body; cheaper than canonical JSON on the ingest hot path.
 */
export function visitBodyHash(v: Visit): string {
  // node:crypto's one-shot hash: the same SHA-256 hex as sha256Hex, without a Hash object per visit.
  return hash('sha256', JSON.stringify([
    v.id, v.venueId, v.gateId, v.occurredAt, v.deviceTime, v.clockOffsetMs, v.clockSuspect, v.identity, v.nikHash, v.outcome, v.reason,
    v.override?.staffId ?? null,
    // the note joins the reason only when there is one: bodies without a note hash as they always did
    v.override ? (v.override.note ? `${v.override.reason}\n${v.override.note}` : v.override.reason) : null, v.faceDistance, v.livenessScore, v.riskListVersion, v.checkedOutAt,
  ]), 'hex');
}

export function visitRoutes({ store, clock, keys, residents }: RouteDeps): Pick<Handlers, 'visits' | 'checkouts'> {
  const gatesOfVenue = new Map<string, Set<string>>();
  const gateBelongs = async (venueId: string, gateId: string): Promise<boolean> => {
    let set = gatesOfVenue.get(venueId);
    if (!set || !set.has(gateId)) {
      set = new Set((await store.listGates(venueId)).map((g) => g.id));
      gatesOfVenue.set(venueId, set);
    }
    return set.has(gateId);
  };

  return {
    async visits({ batch, device }) {
      const now = clock.now().getTime();
      const results: ItemResult[] = batch.results;
      const rows: VisitRow[] = [];
      const rowIndex: number[] = [];
      for (const { index: i, item: v } of batch.valid) {
        if (v.venueId !== device.venueId) {
          results[i] = { id: v.id, status: 'rejected', reason: 'venue_mismatch' };
          continue;
        }
        if (!gatesOfVenue.get(v.venueId)?.has(v.gateId) && !(await gateBelongs(v.venueId, v.gateId))) {
          results[i] = { id: v.id, status: 'rejected', reason: 'gate_unknown' };
          continue;
        }
        rows.push({
          id: v.id, deviceId: device.id, venueId: v.venueId, gateId: v.gateId, occurredAt: Date.parse(v.occurredAt), deviceTime: Date.parse(v.deviceTime),
          clockOffsetMs: v.clockOffsetMs, clockSuspect: v.clockSuspect, identity: v.identity, nikHash: v.nikHash, outcome: v.outcome, reason: v.reason,
          ...overrideColumns(v.override, keys.dataKey), faceDistance: v.faceDistance, livenessScore: v.livenessScore,
          riskListVersion: v.riskListVersion, checkedOutAt: v.checkedOutAt === null ? null : Date.parse(v.checkedOutAt), bodyHash: visitBodyHash(v),
        });
        rowIndex.push(i);
      }
      if (rows.length > 0) {
        const stored = await store.ingestVisits(rows, now);
        stored.forEach((r, k) => {
          results[rowIndex[k]!] = r.status === 'conflict' ? { id: r.id, status: 'conflict', reason: 'id_conflict' } : { id: r.id, status: r.status };
        });
        // A guard's ADMIT override with ID_CHECKED for an unverified self-registration verifies it (issue 12).
        const idChecked = rows.filter((r, k) => r.overrideReason === 'ID_CHECKED' && r.outcome === 'ADMIT' && stored[k]?.status === 'accepted');
        if (idChecked.length > 0) await residents.verifyFromOverrides(idChecked);
      }
      const body: VisitBatchResponse = { results, serverTime: clock.now().toISOString() };
      return body;
    },

    async checkouts({ body, device }) {
      // Only the device's own venue's visits (issue 10 item 6): another venue's are answered `foreign`.
      const r = await store.applyCheckouts(device.id, body.checkouts.map((c) => ({ visitId: c.visitId, checkedOutAt: Date.parse(c.checkedOutAt) })));
      const known = new Set([...r.applied, ...r.foreign]);
      return { applied: r.applied.length, unknown: body.checkouts.filter((c) => !known.has(c.visitId)).map((c) => c.visitId), foreign: r.foreign };
    },
  };
}
