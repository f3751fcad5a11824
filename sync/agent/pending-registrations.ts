// On-the-spot registrations made at this kiosk (staff panel, with the visitor's consent) go to the city
// server: POST /v1/registrations/pending, one per request, idempotent by id. The body is rebuilt from
// stored fields only, so a retry is byte-identical (the server's duplicate check compares bodies).
import { PendingRegistrationResponse, type PendingRegistrationUpload } from '../protocol/api/registrations';
import { failureActionOf } from './uploaders';
import type { FailureAction } from './backoff';
import type { HttpClient } from './http-client';
import type { AgentPendingRegistration, SyncStorePort } from './ports';
import { encodeTemplateVector } from './registrations';

/** Version of the consent text shown on the kiosk's registration screen. */
export const CONSENT_TEXT_VERSION = 'jejak-consent-1';

export function toWirePending(p: AgentPendingRegistration): PendingRegistrationUpload {
  return {
    id: p.id,
    nik: p.nik,
    name: p.displayName,
    consent: { given: true, at: p.consentAt, textVersion: CONSENT_TEXT_VERSION },
    template: { model: p.template.modelId, vector: encodeTemplateVector(p.template.vector) },
    capturedAt: p.createdAt,
  };
}

export interface PendingReport {
  sent: number;
  rejected: number;
  failure: FailureAction | null;
}

export async function uploadPendingRegistrations(store: SyncStorePort, client: HttpClient, limit = 20): Promise<PendingReport> {
  const report: PendingReport = { sent: 0, rejected: 0, failure: null };
  for (const p of store.nextPendingRegistrations(limit)) {
    const res = await client.request('POST', '/v1/registrations/pending', { body: toWirePending(p) });
    if (!res.ok) {
      const f = failureActionOf(res);
      if (f.action === 'split') {
        // the server will never take this one (malformed): keep the reason, drop the personal data
        store.rejectPendingRegistration(p.id, `${res.kind === 'http' ? res.status : ''}:${res.kind === 'http' ? (res.reasonCode ?? '') : ''}`);
        report.rejected++;
        continue;
      }
      report.failure = f;
      return report;
    }
    const parsed = PendingRegistrationResponse.safeParse(res.data);
    if (!parsed.success) {
      report.failure = { action: 'retry', retryAfterMs: null, reason: 'BAD_ANSWER' };
      return report;
    }
    if (parsed.data.status === 'accepted' || parsed.data.status === 'duplicate') {
      store.ackPendingRegistration(p.id, parsed.data.rid ?? p.id);
      report.sent++;
    } else {
      store.rejectPendingRegistration(p.id, `${parsed.data.status.toUpperCase()}:${parsed.data.reason ?? ''}`);
      report.rejected++;
    }
  }
  return report;
}
