// The review queue of residents' registrations in the city console (issue 12): a registration held for an
// officer (`duplicate_face`: the face is already registered under another NIK; `reregistration_mismatch`:
// a NIK re-registered with a face that does not match) and self-registrations not yet verified (nobody has
// seen the KTP). Dinkes (`health`, the role with personal data) reviews them: the person comes to an officer
// with the KTP, the officer approves or rejects with a reason. Every view and decision is in the audit log.
// No face image exists on the server (only templates, which never leave it) and names are sealed under the
// NIK, so the queue shows neither: the officer identifies the person from the KTP in front of them.
import { z } from 'zod';
import type { ConsoleRole } from '../console/roles';
import { IsoDateTime, plainText } from './common';
import type { RouteSpec } from './routes';

export const REVIEW_REASONS = ['duplicate_face', 'reregistration_mismatch'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

export const HeldRegistration = z.object({
  id: z.string(),
  reason: z.enum(REVIEW_REASONS),
  /** regency code of the NIK (its first 4 digits) */
  region: z.string(),
  createdAt: IsoDateTime,
  /** the registration it collided with, and how close the faces were (cosine distance; lower = more alike) */
  matchedRid: z.string().nullable(),
  distance: z.number().nullable(),
  matched: z.object({ source: z.enum(['city', 'kiosk', 'self']), verified: z.boolean(), registeredAt: IsoDateTime }).nullable(),
});
export type HeldRegistration = z.infer<typeof HeldRegistration>;

export const UnverifiedRegistration = z.object({ rid: z.string(), region: z.string(), source: z.enum(['city', 'kiosk', 'self']), registeredAt: IsoDateTime });
export type UnverifiedRegistration = z.infer<typeof UnverifiedRegistration>;

export const ReviewQueue = z.object({
  held: z.array(HeldRegistration),
  /** oldest first, at most 500 */
  unverified: z.array(UnverifiedRegistration),
  /** the duplicate check's threshold, to read `distance` against */
  dedupeThreshold: z.number(),
});
export type ReviewQueue = z.infer<typeof ReviewQueue>;

/** Why the officer decided so: kept in the audit log (at least 5 characters, e.g. "KTP dilihat, kembar"). */
export const DecisionReason = plainText(500).refine((s) => s.trim().length >= 5, 'reason: at least 5 characters');

export const ReviewIdParams = z.strictObject({ id: z.string().regex(/^[0-9a-f-]{36}$/, 'review id: a UUID') });
export const ReviewDecisionRequest = z.strictObject({ decision: z.enum(['approve', 'reject']), reason: DecisionReason });
export type ReviewDecisionRequest = z.infer<typeof ReviewDecisionRequest>;
export const ReviewDecisionResponse = z.object({
  id: z.string(), decision: z.enum(['approve', 'reject']), resolvedAt: IsoDateTime,
  /** approve: the registration now holding the face (verified); reject: null */
  rid: z.string().nullable(),
});

export const ConsoleVerifyParams = z.strictObject({ rid: z.string().regex(/^r_[0-9a-f]{16}$/, 'rid: r_ and 16 hex') });
export const ConsoleVerifyRequest = z.strictObject({ reason: DecisionReason });
export const ConsoleVerifyResponse = z.object({ rid: z.string(), verified: z.literal(true), verifiedAt: IsoDateTime });

const HEALTH: readonly ConsoleRole[] = ['health'];

export const CONSOLE_REVIEW_ROUTES = {
  consoleRegistrationReviews: {
    method: 'GET', path: '/v1/console/registrations/reviews', auth: 'console', roles: HEALTH,
    summary: 'Registrations held for review and self-registrations not yet verified (no name, no face; audited)',
    response: { status: 200, schema: ReviewQueue },
  },
  consoleDecideRegistrationReview: {
    method: 'POST', path: '/v1/console/registrations/reviews/:id/decision', auth: 'console', roles: HEALTH,
    summary: 'Approve (the person becomes registered and verified) or reject a held registration, with a reason (audited)',
    params: ReviewIdParams, body: ReviewDecisionRequest, response: { status: 200, schema: ReviewDecisionResponse }, bodyLimit: 4 * 1024,
  },
  consoleVerifyRegistration: {
    method: 'POST', path: '/v1/console/registrations/:rid/verify', auth: 'console', roles: HEALTH,
    summary: 'An officer saw the KTP: the self-registration becomes verified here and on every kiosk (audited, with a reason)',
    params: ConsoleVerifyParams, body: ConsoleVerifyRequest, response: { status: 200, schema: ConsoleVerifyResponse }, bodyLimit: 4 * 1024,
  },
} as const satisfies Record<string, RouteSpec & { auth: 'console'; roles: readonly ConsoleRole[] }>;
export type ConsoleReviewRouteName = keyof typeof CONSOLE_REVIEW_ROUTES;
