// The visits, checkouts and alerts routes as drain uploaders: one HTTP exchange → per-item answers, or
// a classified failure for the retry policy.
import { classifyHttpStatus, classifyNetworkError, type FailureAction } from './backoff';
import type { UploadOutcome, ItemResult } from './drain';
import type { HttpClient, HttpFailure } from './http-client';
import type { AlertOutboxItem, CheckoutOutboxItem, OutboxItem } from './ports';
import { toWireAlert, toWireVisit } from './wire';

export function failureActionOf(res: HttpFailure): FailureAction {
  if (res.kind === 'network') return classifyNetworkError(res.code);
  // A 2xx we cannot read (a captive portal, a proxy page): nothing is settled, try again later.
  if (res.kind === 'answer') return { action: 'retry', retryAfterMs: null, reason: 'BAD_ANSWER' };
  return classifyHttpStatus(res.status, res.retryAfterMs, res.reasonCode ?? undefined);
}

export function failureOf(res: HttpFailure): UploadOutcome {
  return { kind: 'failure', status: res.kind === 'http' ? res.status : undefined, failure: failureActionOf(res) };
}

function resultsOf(parsed: { results: { id: string; status: ItemResult['status']; reason?: string | undefined; details?: string | undefined }[] }): ItemResult[] {
  return parsed.results.map((r) => ({ id: r.id, status: r.status, reason: r.reason ? (r.details ? `${r.reason}:${r.details}` : r.reason) : undefined }));
}

export function visitUploader(client: HttpClient, timeoutMs?: number) {
  return async (items: OutboxItem[]): Promise<UploadOutcome> => {
    const res = await client.call('visits', { body: { visits: items.map((i) => toWireVisit(i.visit)) }, timeoutMs });
    if (!res.ok) return failureOf(res);
    return { kind: 'results', results: resultsOf(res.data) };
  };
}

/**
 * POST /v1/visits/checkouts. The server keeps the first check-out of a visit (a repeat is harmless, so a
 * retry after a lost answer is safe) and names the visits it does not know. The kiosk offers a check-out
 * only after the server acknowledged its visit, so an unknown visit is one the server no longer holds
 * (purged after its retention): `rejected`, and the check-out leaves the queue instead of blocking it.
 * A visit of another venue than the device's is refused (`foreign`): `rejected` as venue_mismatch, dropped too.
 */
export function checkoutUploader(client: HttpClient, timeoutMs?: number) {
  return async (items: CheckoutOutboxItem[]): Promise<UploadOutcome> => {
    const body = { checkouts: items.map((i) => ({ visitId: i.id, checkedOutAt: i.checkedOutAt })) };
    const res = await client.call('checkouts', { body, timeoutMs });
    if (!res.ok) return failureOf(res);
    const unknown = new Set(res.data.unknown);
    const foreign = new Set(res.data.foreign ?? []);
    return {
      kind: 'results',
      results: items.map((i): ItemResult => (foreign.has(i.id)
        ? { id: i.id, status: 'rejected', reason: 'venue_mismatch' }
        : unknown.has(i.id) ? { id: i.id, status: 'rejected', reason: 'VISIT_UNKNOWN' } : { id: i.id, status: 'accepted' })),
    };
  };
}

export function alertUploader(client: HttpClient, timeoutMs?: number) {
  return async (items: AlertOutboxItem[]): Promise<UploadOutcome> => {
    const wire = items.map((i) => toWireAlert(i.alert));
    const notAlerts: ItemResult[] = items.filter((_, k) => wire[k] === null).map((i) => ({ id: i.id, status: 'rejected', reason: 'NOT_A_PRIORITY_ALERT' }));
    const send = wire.filter((w) => w !== null);
    if (send.length === 0) return { kind: 'results', results: notAlerts };
    const res = await client.call('alerts', { body: { alerts: send }, timeoutMs });
    if (!res.ok) return failureOf(res);
    return { kind: 'results', results: [...notAlerts, ...resultsOf(res.data)] };
  };
}
