// POST /v1/alerts: DENY alerts of CONFIRMED/SUSPECT persons, each answered on its own.
import { canonicalJson, sha256Hex } from '../../protocol/crypto';
import type { AlertBatchResponse } from '../../protocol/api/alerts';
import type { ItemResult } from '../../protocol/api/common';
import { eventLogger } from '../log';
import type { RouteDeps } from './deps';
import type { Handlers } from './register';

export function alertRoutes({ store, clock, onAlertsStored }: RouteDeps): Pick<Handlers, 'alerts'> {
  return {
    async alerts({ req, batch, device }) {
      const now = clock.now().getTime();
      const results: ItemResult[] = batch.results;
      const rows = [];
      const idx: number[] = [];
      for (const { index: i, item: a } of batch.valid) {
        if (a.venueId !== device.venueId) {
          results[i] = { id: a.id, status: 'rejected', reason: 'venue_mismatch' };
          continue;
        }
        rows.push({ id: a.id, deviceId: device.id, visitId: a.visitId, venueId: a.venueId, gateId: a.gateId, occurredAt: Date.parse(a.occurredAt), nikHash: a.nikHash, riskStatus: a.riskStatus, riskListVersion: a.riskListVersion, receivedAt: now, bodyHash: sha256Hex(canonicalJson(a)) });
        idx.push(i);
      }
      if (rows.length > 0) {
        (await store.ingestAlerts(rows)).forEach((r, k) => {
          results[idx[k]!] = r.status === 'conflict' ? { id: r.id, status: 'conflict', reason: 'id_conflict' } : { id: r.id, status: r.status };
        });
        for (const r of rows) eventLogger(req.log).warn('server.risk_alert_received', { alert: r.id, venue: r.venueId, gate: r.gateId, device: device.id });
        onAlertsStored?.();
      }
      const body: AlertBatchResponse = { results, serverTime: clock.now().toISOString() };
      return body;
    },
  };
}
