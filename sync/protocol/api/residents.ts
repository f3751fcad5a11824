// Residents' self-service (issue 12): self-registration at /daftar/ and "my data" at /saya/.
// Public routes (no account): rate limited per client address and per NIK, bodies capped, and the
// answers never tell whether a NIK is registered before a face has matched it.
import { z } from 'zod';
import { IsoDateTime, plainText } from './common';

/** The consent text's version the page shows; a registration records which one the person agreed to. */
export const RESIDENT_CONSENT_VERSION = 'daftar-2026-12-v1';

/** A selfie or a camera frame: base64 JPEG/PNG, at most ~1.5 MB decoded. */
export const ImageB64 = z.string().min(100).max(2_000_000).regex(/^[A-Za-z0-9+/=]+$/, 'image: base64');

export const SelfRegistrationRequest = z.strictObject({
  /** 16 digits; separators are allowed and the shared NIK rules apply (sync/protocol/nik.ts) */
  nik: z.string().max(64),
  name: z.string().trim().pipe(plainText(100)),
  /** phone or e-mail, optional */
  contact: z.string().trim().pipe(plainText(120)).optional(),
  consent: z.strictObject({ given: z.literal(true), textVersion: plainText(40) }),
  selfie: ImageB64,
});
export type SelfRegistrationRequest = z.infer<typeof SelfRegistrationRequest>;

export const ResidentPass = z.object({
  /** the signed QR credential (the same as the CLI's issue-qr) */
  token: z.string(),
  /** base64 PNG of the QR */
  png: z.string(),
  /** base64 PDF: a printable A6 card */
  pdf: z.string(),
  expiresAt: IsoDateTime,
});
export type ResidentPass = z.infer<typeof ResidentPass>;

export const SelfRegistrationResponse = z.discriminatedUnion('status', [
  z.object({ status: z.literal('registered'), rid: z.string(), verified: z.boolean(), pass: ResidentPass }),
  /** held for an officer (the same face under another NIK, or a NIK whose selfie did not match); nothing issued */
  z.object({ status: z.literal('review'), message: z.object({ id: z.string(), en: z.string() }) }),
]);
export type SelfRegistrationResponse = z.infer<typeof SelfRegistrationResponse>;

/** Proof for /saya/: the pass (its text, or a photo/screenshot of its QR) or the NIK, plus live camera frames. */
export const ResidentProofRequest = z.strictObject({
  nik: z.string().max(64).optional(),
  passToken: z.string().max(3000).optional(),
  passImage: ImageB64.optional(),
  /** 8–60 JPEG frames at ~8/s from the camera: the face and liveness (blink) are checked as at the kiosk */
  frames: z.array(ImageB64).min(8).max(60),
}).refine((r) => [r.nik, r.passToken, r.passImage].filter((x) => x !== undefined).length === 1, { message: 'exactly one of nik, passToken, passImage', path: ['nik'] });
export type ResidentProofRequest = z.infer<typeof ResidentProofRequest>;

export const ResidentSession = z.object({
  /** send as `authorization: Bearer <session>`; valid for 10 minutes */
  session: z.string(),
  expiresAt: IsoDateTime,
});

export const ResidentData = z.object({
  rid: z.string(),
  name: z.string(),
  contact: z.string().nullable(),
  registeredAt: IsoDateTime,
  verified: z.boolean(),
  source: z.enum(['city', 'kiosk', 'self']),
  /** visits of the last 14 days, newest first */
  visits: z.array(z.object({ at: IsoDateTime, venueName: z.string(), outcome: z.enum(['ADMIT', 'DENY', 'REFER']), checkedOutAt: IsoDateTime.nullable() })),
  /** how long visits are kept (tracing law), then purged */
  visitRetentionDays: z.number().int(),
});
export type ResidentData = z.infer<typeof ResidentData>;

export const ResidentNameChange = z.strictObject({ name: z.string().trim().pipe(plainText(100)) });
export const ResidentErasure = z.strictObject({ confirm: z.literal(true) });
export const ResidentErasureResponse = z.object({ erased: z.literal(true), visitsPurgeAfterDays: z.number().int() });

export const VerifyRegistrationParams = z.strictObject({ rid: z.string().regex(/^r_[0-9a-f]{16}$/, 'rid: r_ and 16 hex') });
export const VerifyRegistrationResponse = z.object({ rid: z.string(), verified: z.literal(true), verifiedAt: IsoDateTime });

export const ReviewList = z.object({
  reviews: z.array(z.object({ id: z.string(), reason: z.string(), matchedRid: z.string().nullable(), distance: z.number().nullable(), region: z.string(), createdAt: IsoDateTime })),
});

/**
 * Public routes: no account; /me routes take `authorization: Bearer <session>` from residentSession,
 * checked in the handler. Body limits: a selfie ≤ 1.5 MB; up to 60 camera frames of ~40 KB.
 */
export const RESIDENT_ROUTES = {
  residentRegister: {
    method: 'POST', path: '/v1/residents/registrations', auth: 'none', summary: 'Self-registration: NIK, name, consent and a selfie; returns the pass (or holds it for review)',
    body: SelfRegistrationRequest, response: { status: 201, schema: SelfRegistrationResponse }, bodyLimit: 2_200_000, limited: true,
  },
  residentSession: {
    method: 'POST', path: '/v1/residents/session', auth: 'none', summary: 'Prove who you are (pass or NIK, plus live camera frames) for /saya/',
    body: ResidentProofRequest, response: { status: 200, schema: ResidentSession }, bodyLimit: 4_000_000, limited: true,
  },
  residentMe: { method: 'GET', path: '/v1/residents/me', auth: 'none', summary: 'What is held about you (session bearer)', session: 'resident', response: { status: 200, schema: ResidentData } },
  residentRename: {
    method: 'POST', path: '/v1/residents/me/name', auth: 'none', summary: 'Correct your name (session bearer)', session: 'resident',
    body: ResidentNameChange, response: { status: 200, schema: z.object({ ok: z.literal(true) }) }, bodyLimit: 4 * 1024,
  },
  residentErase: {
    method: 'POST', path: '/v1/residents/me/erase', auth: 'none', summary: 'Erase your registration and face data (session bearer); kiosks drop it at their next sync', session: 'resident',
    body: ResidentErasure, response: { status: 200, schema: ResidentErasureResponse }, bodyLimit: 1024,
  },
  adminVerifyRegistration: {
    method: 'POST', path: '/v1/admin/registrations/:rid/verify', auth: 'admin', summary: 'An officer saw the KTP: the registration becomes verified (audited)',
    params: VerifyRegistrationParams, response: { status: 200, schema: VerifyRegistrationResponse },
  },
  adminRegistrationReviews: {
    method: 'GET', path: '/v1/admin/registrations/reviews', auth: 'admin', summary: 'Registrations held for review (duplicate face, NIK with another face)',
    response: { status: 200, schema: ReviewList },
  },
} as const;
export type ResidentRouteName = keyof typeof RESIDENT_ROUTES;
