// Registrations feed (templates + sealed display names) and on-the-spot registrations from kiosks.
// Feed pages and lookups are signed by the city key like the risk list (../registrations-feed.ts): a
// template decides who passes the face check, so TLS alone must not be what stands between a proxy
// and the gate.
import { z } from 'zod';
import { B64url, FaceTemplate, FeedCursor, IsoDateTime, NikHashHex, ReasonCodeSchema, Uuid, plainText } from './common';
import { Signature } from './risk';

export const REGISTRATIONS_PAGE_FORMAT = 'jejak-registrations-page/1';
export const REGISTRATION_LOOKUP_FORMAT = 'jejak-registration-lookup/1';

/** What a signed answer carries besides its content: validity window, city key id, Ed25519 signature. */
const SignedFields = { issuedAt: IsoDateTime, expiresAt: IsoDateTime, ...Signature.shape };

export const RegistrationItem = z.object({
  /** registration id (also inside the person's QR credential) */
  rid: z.string().min(1).max(64),
  nikHash: NikHashHex,
  /** regency code of the registration (feed scope) */
  region: z.string().regex(/^\d{4}$/),
  /** display name sealed under a key derived from the NIK (see registration-name.ts): opens only with the NIK */
  nameSealed: B64url,
  templates: z.array(FaceTemplate),
  /** true: the registration was withdrawn (or erased by the resident); the kiosk deletes it */
  revoked: z.boolean(),
  /**
   * false: a self-registration nobody has checked against the KTP yet; the kiosk REFERs it to staff.
   * Absent (an older server): verified.
   */
  verified: z.boolean().default(true),
  updatedAt: IsoDateTime,
});
export type RegistrationItem = z.infer<typeof RegistrationItem>;

export const RegistrationsQuery = z.strictObject({
  /** opaque; omit (or '0') for the start */
  cursor: FeedCursor.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export type RegistrationsQuery = z.infer<typeof RegistrationsQuery>;

export const RegistrationsPage = z.object({
  format: z.literal(REGISTRATIONS_PAGE_FORMAT),
  /** the feed (regency) the page is from: a kiosk refuses a page of another region */
  region: z.string().regex(/^\d{4}$/),
  /** the cursor the page answers ('0' for the start): a page served for another cursor is refused */
  cursor: z.string().max(20),
  items: z.array(RegistrationItem),
  /** pass as `cursor` next time (store it only after applying the page) */
  nextCursor: z.string(),
  hasMore: z.boolean(),
  ...SignedFields,
});
export type RegistrationsPage = z.infer<typeof RegistrationsPage>;

export const RegistrationLookupParams = z.strictObject({ nikHash: NikHashHex });

/** GET /v1/registrations/:nikHash: the item, signed (the kiosk checks it is the NIK hash it asked for). */
export const RegistrationLookup = RegistrationItem.extend({ format: z.literal(REGISTRATION_LOOKUP_FORMAT), ...SignedFields });
export type RegistrationLookup = z.infer<typeof RegistrationLookup>;

/** POST /v1/registrations/pending: a person registered on the spot at a kiosk (with consent). */
export const PendingRegistrationUpload = z.strictObject({
  /** kiosk-generated; re-sending the same id is idempotent */
  id: Uuid,
  /** plain NIK: needed by the city to issue the QR credential; sent only over TLS, never stored in clear */
  nik: z.string().regex(/^\d{16}$/, 'nik: 16 digits'),
  name: z.string().trim().pipe(plainText(100)),
  consent: z.strictObject({
    given: z.literal(true),
    at: IsoDateTime,
    /** version of the consent text the person agreed to */
    textVersion: plainText(40),
  }),
  template: FaceTemplate,
  capturedAt: IsoDateTime,
});
export type PendingRegistrationUpload = z.infer<typeof PendingRegistrationUpload>;

export const PendingRegistrationResponse = z.object({
  id: z.string(),
  status: z.enum(['accepted', 'duplicate', 'conflict', 'rejected']),
  reason: ReasonCodeSchema.optional(),
  /** the city registration id it will get once reviewed (the same NIK hash already registered → that rid) */
  rid: z.string().nullable(),
});
export type PendingRegistrationResponse = z.infer<typeof PendingRegistrationResponse>;
