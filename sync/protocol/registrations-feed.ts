// Signed registrations feed (issue 10 item 9): feed pages and lookups carry face templates, and a
// template decides who passes the face check at the gate; a page carries revocations too. They are
// signed by the city's Ed25519 key over a domain-separated canonical JSON, like the risk list, and the
// kiosk checks them against the keys pinned at enrolment before anything reaches its store:
//   page:   signature, validity window, region = the device's region, cursor = the cursor it asked for
//           (a page replayed for another position cannot hide a revocation or skip items);
//   lookup: signature, validity window, nikHash = the one it asked for.
import { REGISTRATIONS_PAGE_FORMAT, REGISTRATION_LOOKUP_FORMAT, RegistrationLookup, RegistrationsPage } from './api/registrations';
import { canonicalJson, signEd25519, verifyEd25519 } from './crypto';
import type { PinnedKey, SigningKey } from './risk-feed';

export const PAGE_SIGNING_PREFIX = 'jejak-registrations-page/1\n';
export const LOOKUP_SIGNING_PREFIX = 'jejak-registration-lookup/1\n';
/** how long a signed answer may be used: it is fetched and applied at once, the rest is clock slack */
export const REGISTRATIONS_VALIDITY_MS = 60 * 60_000;

export type RegistrationsVerifyCode = 'malformed' | 'unknown_key' | 'bad_signature' | 'expired' | 'not_yet_valid' | 'wrong_region' | 'wrong_cursor' | 'wrong_registration';
export type RegistrationsVerifyResult<T> = { ok: true; value: T } | { ok: false; code: RegistrationsVerifyCode; detail: string };

type Unsigned<T> = Omit<T, 'format' | 'issuedAt' | 'expiresAt' | 'keyId' | 'signature'>;

function signedBody<T extends { keyId: string; signature: string }>(v: T): Omit<T, 'keyId' | 'signature'> {
  const { keyId: _k, signature: _s, ...body } = v;
  return body;
}

export function signRegistrationsPage(page: Unsigned<RegistrationsPage>, key: SigningKey, now: number): RegistrationsPage {
  const body = { ...page, format: REGISTRATIONS_PAGE_FORMAT, issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + REGISTRATIONS_VALIDITY_MS).toISOString() };
  // parsed first: what is signed is exactly what the kiosk's schema will hand to the verifier
  const checked = signedBody(RegistrationsPage.parse({ ...body, keyId: key.keyId, signature: 'A'.repeat(86) }));
  return { ...checked, keyId: key.keyId, signature: signEd25519(key.privateKey, PAGE_SIGNING_PREFIX + canonicalJson(checked)) };
}

export function signRegistrationLookup(item: Unsigned<RegistrationLookup>, key: SigningKey, now: number): RegistrationLookup {
  const body = { ...item, format: REGISTRATION_LOOKUP_FORMAT, issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + REGISTRATIONS_VALIDITY_MS).toISOString() };
  const checked = signedBody(RegistrationLookup.parse({ ...body, keyId: key.keyId, signature: 'A'.repeat(86) }));
  return { ...checked, keyId: key.keyId, signature: signEd25519(key.privateKey, LOOKUP_SIGNING_PREFIX + canonicalJson(checked)) };
}

export interface RegistrationsCheckOptions {
  pinnedKeys: readonly PinnedKey[];
  /** unix ms, on the server's footing (the agent's corrected clock) */
  now: number;
  /** tolerated clock difference for issuedAt in the future, ms (default 5 min) */
  skewMs?: number;
}

function checkSignature<T extends { keyId: string; signature: string; issuedAt: string; expiresAt: string }>(prefix: string, v: T, opts: RegistrationsCheckOptions): RegistrationsVerifyResult<T> {
  const key = opts.pinnedKeys.find((k) => k.keyId === v.keyId);
  if (!key) return { ok: false, code: 'unknown_key', detail: `key id ${v.keyId} is not pinned on this device` };
  if (!verifyEd25519(key.publicKey, prefix + canonicalJson(signedBody(v)), v.signature)) return { ok: false, code: 'bad_signature', detail: `signature does not verify with key ${v.keyId}` };
  if (Date.parse(v.issuedAt) > opts.now + (opts.skewMs ?? 5 * 60_000)) return { ok: false, code: 'not_yet_valid', detail: `issued at ${v.issuedAt}, in the future` };
  if (Date.parse(v.expiresAt) <= opts.now) return { ok: false, code: 'expired', detail: `expired at ${v.expiresAt}` };
  return { ok: true, value: v };
}

function malformed<T>(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): RegistrationsVerifyResult<T> {
  return { ok: false, code: 'malformed', detail: issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

/** A feed page the kiosk may apply: shape, pinned key, signature, window, its region and the cursor it asked for. */
export function verifyRegistrationsPage(input: unknown, opts: RegistrationsCheckOptions & { region: string; cursor: string }): RegistrationsVerifyResult<RegistrationsPage> {
  const parsed = RegistrationsPage.safeParse(input);
  if (!parsed.success) return malformed(parsed.error.issues);
  const r = checkSignature(PAGE_SIGNING_PREFIX, parsed.data, opts);
  if (!r.ok) return r;
  if (r.value.region !== opts.region) return { ok: false, code: 'wrong_region', detail: `page of region ${r.value.region}, this device is in ${opts.region}` };
  if (r.value.cursor !== opts.cursor) return { ok: false, code: 'wrong_cursor', detail: `page for cursor ${r.value.cursor}, asked for ${opts.cursor}` };
  return r;
}

/** A looked-up registration: shape, pinned key, signature, window, and the NIK hash asked for. */
export function verifyRegistrationLookup(input: unknown, opts: RegistrationsCheckOptions & { nikHash: string }): RegistrationsVerifyResult<RegistrationLookup> {
  const parsed = RegistrationLookup.safeParse(input);
  if (!parsed.success) return malformed(parsed.error.issues);
  const r = checkSignature(LOOKUP_SIGNING_PREFIX, parsed.data, opts);
  if (!r.ok) return r;
  if (r.value.nikHash !== opts.nikHash) return { ok: false, code: 'wrong_registration', detail: 'the answer is for another NIK hash' };
  return r;
}
