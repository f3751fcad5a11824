// A venue's entry policy as the city issues it: the rules a kiosk enforces at its gate (the gate
// rules' GatePolicy plus the face-check knobs and the venue's capacity share), edited in the city
// console, versioned per venue and signed with the city key. Kiosks verify the signature against their
// pinned city keys and the schema before applying it; anything else keeps the last good policy.
//
// Limits: every value must lie inside the schema's bounds. A venue manager or sector agency may make
// the policy stricter than the city's baseline, never laxer (nobody but the city admin may switch the
// face or liveness check off, admit on a stale list, or refer close contacts instead of denying them).
//
// Age limits and opening hours (issue 11) are optional: absent means no limit. The server leaves them
// out of the signed document when they are not set, so a policy that uses neither still verifies on a
// kiosk from before issue 11 (whose strict schema refuses any key it does not know: such a kiosk refuses
// a policy that does set them, with POLICY_MALFORMED, and keeps its last good policy until it is updated).
import { z } from 'zod';
import type { Bilingual } from './bilingual';
import { POLICY_FIELD_LABELS } from './venue-policy-labels';
import type { PolicyFieldName } from './venue-policy-labels';
import { canonicalJson, signEd25519, verifyEd25519 } from './crypto';
import { DEFAULT_GATE_POLICY } from './decision';
import { Challenge } from './gate-vocabulary';
import { OpeningHours, clockMinutes } from './opening-hours';
import { WEEKDAYS } from './venue-policy-labels';
import { CLOSE_CONTACT_ACTIONS, POLICY_NUMBER_BOUNDS as B, STALE_LIST_ACTIONS } from './venue-policy-bounds';

/**
 * The fields and their bounds, without the cross-field check: the one place the policy's shape is
 * written. The kiosk also reads an older, loose server policy object against these fields
 * (electron/kiosk/policy.ts: partial and non-strict).
 */
export const VenuePolicyFields = z.strictObject({
  /** older than this: ADMIT still, with the RISK_LIST_AGING flag */
  staleListWarnHours: z.number().int().min(B.staleListWarnHours[0]).max(B.staleListWarnHours[1]),
  /** older than this: staleListAction */
  staleListHardHours: z.number().int().min(B.staleListHardHours[0]).max(B.staleListHardHours[1]),
  staleListAction: z.enum(STALE_LIST_ACTIONS),
  requireFace: z.boolean(),
  requireLiveness: z.boolean(),
  closeContactAction: z.enum(CLOSE_CONTACT_ACTIONS),
  /** the liveness challenge the visitor is asked for */
  challenge: Challenge,
  /** the passive (screen replay) score must pass too */
  requirePassive: z.boolean(),
  faceTimeoutSeconds: z.number().int().min(B.faceTimeoutSeconds[0]).max(B.faceTimeoutSeconds[1]),
  resultSeconds: z.number().int().min(B.resultSeconds[0]).max(B.resultSeconds[1]),
  minGoodFrames: z.number().int().min(B.minGoodFrames[0]).max(B.minGoodFrames[1]),
  /** share of the venue's normal capacity admitted at once (pandemic rules: e.g. 50 %) */
  capacityPercent: z.number().int().min(B.capacityPercent[0]).max(B.capacityPercent[1]),
  /**
   * youngest visitor admitted, in whole years from the NIK's birth date on the WIB day of the visit
   * (absent: no limit; e.g. 12 turns under-12s away, AGE_BELOW_MIN)
   */
  minAge: z.number().int('umur minimum: bilangan bulat / minimum age: a whole number').min(B.minAge[0], `umur minimum ${B.minAge[0]}–${B.minAge[1]} tahun / minimum age ${B.minAge[0]}–${B.minAge[1]} years`).max(B.minAge[1], `umur minimum ${B.minAge[0]}–${B.minAge[1]} tahun / minimum age ${B.minAge[0]}–${B.minAge[1]} years`).optional(),
  /** oldest visitor admitted, in whole years (absent: no limit; e.g. 60 turns away 61 and over, AGE_ABOVE_MAX) */
  maxAge: z.number().int('umur maksimum: bilangan bulat / maximum age: a whole number').min(B.maxAge[0], `umur maksimum ${B.maxAge[0]}–${B.maxAge[1]} tahun / maximum age ${B.maxAge[0]}–${B.maxAge[1]} years`).max(B.maxAge[1], `umur maksimum ${B.maxAge[0]}–${B.maxAge[1]} tahun / maximum age ${B.maxAge[0]}–${B.maxAge[1]} years`).optional(),
  /** when the gate admits, per weekday in WIB (absent: at any time; outside them VENUE_CLOSED) */
  openingHours: OpeningHours.optional(),
});

export const VenuePolicy = VenuePolicyFields.refine((p) => p.staleListHardHours >= p.staleListWarnHours, { path: ['staleListHardHours'], message: 'staleListHardHours must be at least staleListWarnHours' })
  .refine((p) => p.minAge === undefined || p.maxAge === undefined || p.minAge <= p.maxAge, { path: ['maxAge'], message: 'umur maksimum tidak boleh di bawah umur minimum / the maximum age may not be below the minimum age' });
export type VenuePolicy = z.infer<typeof VenuePolicy>;

/** The city's baseline: what a venue has until someone edits its policy (the kiosk's own defaults). */
export const DEFAULT_VENUE_POLICY: Readonly<VenuePolicy> = Object.freeze({
  staleListWarnHours: DEFAULT_GATE_POLICY.staleListWarnHours,
  staleListHardHours: DEFAULT_GATE_POLICY.staleListHardHours,
  staleListAction: DEFAULT_GATE_POLICY.staleListAction,
  requireFace: DEFAULT_GATE_POLICY.requireFace,
  requireLiveness: DEFAULT_GATE_POLICY.requireLiveness,
  closeContactAction: DEFAULT_GATE_POLICY.closeContactAction,
  challenge: 'blink',
  // On by default: the passive score is the only check that stops a screen replay of the visitor's own video.
  requirePassive: true,
  faceTimeoutSeconds: 20,
  resultSeconds: 5,
  minGoodFrames: 3,
  capacityPercent: 100,
});

export type PolicyField = keyof VenuePolicy;
/** Every field, in the schema's order (diagnostics and the console list them so). */
export const POLICY_FIELDS: readonly PolicyField[] = Object.freeze(VenuePolicyFields.keyof().options);
export { POLICY_FIELD_LABELS };

/**
 * How a value compares with the baseline for the venue-side limits: `true` when it is laxer than
 * the city allows venues to go. Fields not listed (timeouts, frames, capacity) are free within bounds.
 */
const LAXER_THAN_BASELINE: Partial<Record<PolicyField, (value: VenuePolicy, base: Readonly<VenuePolicy>) => boolean>> = {
  requireFace: (p) => !p.requireFace,
  requireLiveness: (p) => !p.requireLiveness,
  requirePassive: (p) => !p.requirePassive,
  staleListAction: (p) => p.staleListAction === 'ADMIT_WITH_FLAG',
  closeContactAction: (p) => p.closeContactAction === 'REFER',
  staleListHardHours: (p, b) => p.staleListHardHours > b.staleListHardHours,
  staleListWarnHours: (p, b) => p.staleListWarnHours > b.staleListWarnHours,
  challenge: (p) => p.challenge === 'none',
  // Age limits: admitting anyone the baseline turns away (a lower minimum, a higher maximum, or none).
  minAge: (p, b) => b.minAge !== undefined && (p.minAge === undefined || p.minAge < b.minAge),
  maxAge: (p, b) => b.maxAge !== undefined && (p.maxAge === undefined || p.maxAge > b.maxAge),
  // Opening hours: open at any minute the baseline is closed (a closed day opened, earlier, later, or no hours).
  openingHours: (p, b) => opensOutside(p.openingHours, b.openingHours),
};

function opensOutside(venue: OpeningHours | undefined, base: OpeningHours | undefined): boolean {
  if (!base) return false;
  if (!venue) return true;
  return WEEKDAYS.some((d) => {
    const v = venue[d];
    const c = base[d];
    if (!v) return false;
    if (!c) return true;
    return clockMinutes(v.open) < clockMinutes(c.open) || clockMinutes(v.close) > clockMinutes(c.close);
  });
}

/** The fields on which `policy` is laxer than the city lets a venue manager or sector agency go. */
export function laxerThanCityAllows(policy: VenuePolicy, baseline: Readonly<VenuePolicy> = DEFAULT_VENUE_POLICY): PolicyField[] {
  return (Object.keys(LAXER_THAN_BASELINE) as PolicyField[]).filter((f) => LAXER_THAN_BASELINE[f]!(policy, baseline));
}

/** What the city signs: the policy of one venue at one version. */
export const VenuePolicyDocument = z.strictObject({
  kind: z.literal('jejak.venue-policy.v1'),
  venueId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  version: z.number().int().min(1).max(2 ** 31 - 1),
  issuedAt: z.iso.datetime({ offset: true }),
  policy: VenuePolicy,
});
export type VenuePolicyDocument = z.infer<typeof VenuePolicyDocument>;

export const SignedVenuePolicy = z.strictObject({
  document: VenuePolicyDocument,
  keyId: z.string().min(1).max(64),
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'Ed25519 signature: 64 bytes base64url'),
});
export type SignedVenuePolicy = z.infer<typeof SignedVenuePolicy>;

/** Domain separation: a policy signature can never pass for a risk manifest or a QR credential. */
const POLICY_SIGNING_PREFIX = 'jejak venue policy v1\n';

export function signVenuePolicy(document: VenuePolicyDocument, key: { keyId: string; privateKey: string }): SignedVenuePolicy {
  const checked = VenuePolicyDocument.parse(document);
  return { document: checked, keyId: key.keyId, signature: signEd25519(key.privateKey, POLICY_SIGNING_PREFIX + canonicalJson(checked)) };
}

export type PolicyRejectCode = 'POLICY_MALFORMED' | 'POLICY_UNKNOWN_KEY' | 'POLICY_BAD_SIGNATURE' | 'POLICY_WRONG_VENUE' | 'POLICY_OLDER';

export const POLICY_REJECT_MESSAGES: Record<PolicyRejectCode, Bilingual> = {
  POLICY_MALFORMED: { id: 'Aturan tempat dari server tidak valid (isi atau nilai di luar batas); aturan sebelumnya tetap berlaku', en: 'The venue policy from the server is invalid (content or values out of bounds); the previous policy stays in force' },
  POLICY_UNKNOWN_KEY: { id: 'Aturan tempat ditandatangani kunci yang tidak dikenal kios ini; aturan sebelumnya tetap berlaku', en: 'The venue policy is signed with a key this kiosk does not know; the previous policy stays in force' },
  POLICY_BAD_SIGNATURE: { id: 'Tanda tangan aturan tempat tidak sah; aturan sebelumnya tetap berlaku', en: 'The venue policy signature does not verify; the previous policy stays in force' },
  POLICY_WRONG_VENUE: { id: 'Aturan tempat ini untuk tempat lain; aturan sebelumnya tetap berlaku', en: 'This venue policy is for another venue; the previous policy stays in force' },
  POLICY_OLDER: { id: 'Aturan tempat dari server lebih lama dari yang berlaku; aturan sebelumnya tetap berlaku', en: 'The venue policy from the server is older than the one in force; the previous policy stays in force' },
};

export type PolicyCheck = { ok: true; signed: SignedVenuePolicy } | { ok: false; code: PolicyRejectCode; detail: string; message: Bilingual };

/**
 * The kiosk's check before applying a policy: schema (unknown fields or out-of-bounds values refuse
 * the whole document), a pinned city key, the signature, this venue, and a version not older than
 * the one in force (`currentVersion`; the same version again is fine, nothing changes).
 */
export function verifyVenuePolicy(value: unknown, cityKeys: Readonly<Record<string, string>>, venueId: string, currentVersion: number): PolicyCheck {
  const fail = (code: PolicyRejectCode, detail: string): PolicyCheck => ({ ok: false, code, detail, message: POLICY_REJECT_MESSAGES[code] });
  const parsed = SignedVenuePolicy.safeParse(value);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return fail('POLICY_MALFORMED', i ? `${i.path.join('.') || '(root)'}: ${i.message}` : 'invalid');
  }
  const s = parsed.data;
  const key = cityKeys[s.keyId];
  if (!key) return fail('POLICY_UNKNOWN_KEY', `key ${s.keyId}`);
  if (!verifyEd25519(key, POLICY_SIGNING_PREFIX + canonicalJson(s.document), s.signature)) return fail('POLICY_BAD_SIGNATURE', `key ${s.keyId}`);
  if (s.document.venueId !== venueId) return fail('POLICY_WRONG_VENUE', `for ${s.document.venueId}`);
  if (s.document.version < currentVersion) return fail('POLICY_OLDER', `version ${s.document.version} < ${currentVersion}`);
  return { ok: true, signed: s };
}

// The labels' field list and the schema's must be the same set (compile-time check).
type SameKeys<A, B> = [Exclude<A, B> | Exclude<B, A>] extends [never] ? true : never;
const labelsCoverPolicy: SameKeys<PolicyField, PolicyFieldName> = true;
void labelsCoverPolicy;
