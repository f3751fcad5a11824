// Registrations: a paged delta feed by cursor (templates + sealed display names of the venue's region),
// and an on-demand lookup for a visitor whose template is not cached yet. The lookup has a SHORT
// timeout: the gate decides without it (REFER) rather than keep a visitor waiting on a bad link.
import type { RegistrationItem as RegistrationItemT } from '../protocol/api/registrations';
import { verifyRegistrationLookup, verifyRegistrationsPage } from '../protocol/registrations-feed';
import type { HttpClient, HttpFailure } from './http-client';
import { pinnedKeys } from './risk-pull';
import type { RegistrationInput, SyncStorePort } from './ports';

export const DEFAULT_LOOKUP_TIMEOUT_MS = 1500;

/** The wire carries a template as base64 of little-endian float32 values (protocol FaceTemplate). */
function decodeVector(b64: string): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  const out = new Float32Array(Math.floor(bytes.length / 4));
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

/** Wire templates are base64 of little-endian float32 values (sync/protocol/api/common.ts). */
export function decodeTemplateVector(b64: string): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(Math.floor(bytes.byteLength / 4));
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export function encodeTemplateVector(v: ArrayLike<number>): string {
  const buf = Buffer.alloc(v.length * 4);
  for (let i = 0; i < v.length; i++) buf.writeFloatLE(v[i]!, i * 4);
  return buf.toString('base64');
}

function toStore(item: RegistrationItemT): RegistrationInput {
  return {
    nikHash: item.nikHash,
    registrationId: item.rid,
    // Sealed under a key derived from the NIK: the kiosk opens it only when the visitor presents the NIK.
    displayName: item.nameSealed,
    templates: item.templates.map((t) => ({ modelId: t.model, vector: decodeVector(t.vector), source: 'registration' as const })),
    verified: item.verified,
  };
}

export type RegistrationsPullResult =
  | { kind: 'done'; pages: number; upserted: number; removed: number; cursor: string | null }
  /** result null: an answer that is not a registrations page (not a reason to hold visits back) */
  | { kind: 'failure'; result: HttpFailure | null; reason: string; pages: number };

/** Server time as the agent knows it (device clock + measured offset): what signed answers' windows are read on. */
function serverNow(store: SyncStorePort): number {
  return Date.now() + (store.getDeviceConfig()?.clockOffsetMs ?? 0);
}

/**
 * Pages are signed by the city (registrations-feed.ts): checked against the pinned keys, the device's
 * region and the cursor asked for before anything is stored; a page that fails stops the pull with
 * REGISTRATIONS_UNVERIFIED and nothing of it is applied.
 */
export async function pullRegistrations(store: SyncStorePort, client: HttpClient, opts: { pageSize?: number; maxPages?: number; now?: () => number } = {}): Promise<RegistrationsPullResult> {
  const cfg = store.getDeviceConfig();
  const keys = pinnedKeys(store);
  // the region the venue was enrolled in (enrol.ts keeps it in the issued policy)
  const region = typeof cfg?.policy.venueRegion === 'string' ? cfg.policy.venueRegion : '';
  let cursor = store.registrationsCursor();
  let pages = 0;
  let upserted = 0;
  let removed = 0;
  for (;;) {
    if (opts.maxPages !== undefined && pages >= opts.maxPages) break;
    const res = await client.call('registrations', { query: { ...(cursor ? { cursor } : {}), limit: opts.pageSize ?? 500 } });
    if (!res.ok && res.kind === 'answer') return { kind: 'failure', result: null, reason: 'BAD_ANSWER', pages };
    if (!res.ok) return { kind: 'failure', result: res, reason: res.kind === 'network' ? res.code : `HTTP_${res.status}`, pages };
    const verified = verifyRegistrationsPage(res.data, { pinnedKeys: keys, now: opts.now?.() ?? serverNow(store), region, cursor: cursor ?? '0' });
    if (!verified.ok) return { kind: 'failure', result: null, reason: verified.code === 'malformed' ? 'BAD_ANSWER' : `REGISTRATIONS_UNVERIFIED:${verified.code}`, pages };
    const page = verified.value;
    pages++;
    const live = page.items.filter((i) => !i.revoked);
    const gone = page.items.filter((i) => i.revoked).map((i) => i.nikHash);
    // The cursor is stored with the LAST write of the page, in its transaction: a crash between the
    // two writes re-fetches the page (upserts are idempotent), never skips it.
    if (gone.length) removed += store.removeRegistrations(gone, live.length ? {} : { cursor: page.nextCursor });
    if (live.length || !gone.length) store.upsertRegistrations(live.map(toStore), { cursor: page.nextCursor });
    upserted += live.length;
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  return { kind: 'done', pages, upserted, removed, cursor };
}

export type LookupResult =
  | { kind: 'found'; registrationId: string }
  | { kind: 'not_registered' }
  /** offline, slow or refused: the gate decides without it */
  | { kind: 'unavailable'; reason: string };

export async function lookupRegistration(store: SyncStorePort, client: HttpClient, nikHash: string, timeoutMs = DEFAULT_LOOKUP_TIMEOUT_MS): Promise<LookupResult> {
  if (!/^[0-9a-f]{64}$/.test(nikHash)) return { kind: 'unavailable', reason: 'BAD_NIK_HASH' };
  const res = await client.call('registrationLookup', { params: { nikHash }, timeoutMs });
  if (!res.ok) {
    if (res.kind === 'http' && (res.status === 404 || res.reasonCode === 'registration_not_found')) return { kind: 'not_registered' };
    if (res.kind === 'answer') return { kind: 'unavailable', reason: 'BAD_ANSWER' };
    return { kind: 'unavailable', reason: res.kind === 'network' ? res.code : `HTTP_${res.status}` };
  }
  // signed like the feed, and for the NIK hash asked for: a proxy cannot slip in another face
  const verified = verifyRegistrationLookup(res.data, { pinnedKeys: pinnedKeys(store), now: serverNow(store), nikHash });
  if (!verified.ok) return { kind: 'unavailable', reason: verified.code === 'malformed' ? 'BAD_ANSWER' : `REGISTRATIONS_UNVERIFIED:${verified.code}` };
  const item = verified.value;
  if (item.revoked) {
    store.removeRegistrations([item.nikHash]);
    return { kind: 'not_registered' };
  }
  // No cursor: a single lookup does not move the feed position.
  store.upsertRegistrations([toStore(item)]);
  return { kind: 'found', registrationId: item.rid };
}
