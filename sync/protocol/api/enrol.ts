// POST /v1/enrol: the only unsigned device request. The kiosk proves possession of a one-time code
// and registers its Ed25519 public key; every later request is signed with that key (RFC 9421).
import { z } from 'zod';
import { AppVersion, B64url, EntityId, Ed25519PublicKey, IsoDateTime, Uuid, plainText } from './common';

/** Codes are shown to IT staff as XXXX-XXXX-XXXX (Crockford base32); separators and case are ignored. */
export const EnrolmentCode = z.string().min(8).max(40);

export const EnrolRequest = z.strictObject({
  code: EnrolmentCode,
  publicKey: Ed25519PublicKey,
  deviceName: plainText(100).optional(),
  appVersion: AppVersion.optional(),
});
export type EnrolRequest = z.infer<typeof EnrolRequest>;

export const CityKey = z.object({
  keyId: z.string().min(1).max(64),
  publicKey: Ed25519PublicKey,
  createdAt: IsoDateTime,
});
export type CityKey = z.infer<typeof CityKey>;

export const VenueInfo = z.object({
  id: EntityId,
  name: z.string(),
  address: z.string(),
  capacity: z.number().int().positive(),
  /** BPS regency/city code of the venue, e.g. 3271 (Kota Bogor): scopes the registrations feed */
  region: z.string().regex(/^\d{4}$/),
  /** assumed stay when a visit has no check-out */
  dwellMinutes: z.number().int().positive(),
});
export type VenueInfo = z.infer<typeof VenueInfo>;

export const GateInfo = z.object({
  id: EntityId,
  venueId: EntityId,
  name: z.string(),
  direction: z.enum(['ENTRY', 'EXIT', 'BOTH']),
});
export type GateInfo = z.infer<typeof GateInfo>;

export const DeviceConfig = z.object({
  riskListId: z.string(),
  heartbeatSeconds: z.number().int().positive(),
  maxVisitBatch: z.number().int().positive(),
  maxAlertBatch: z.number().int().positive(),
  /** visits older than this are purged by the server; the kiosk alerts as its unsent visits near it */
  serverRetentionDays: z.number().int().positive(),
  /** allowed |created - server time| of a signature */
  signatureSkewSeconds: z.number().int().positive(),
});
export type DeviceConfig = z.infer<typeof DeviceConfig>;

export const EnrolResponse = z.object({
  deviceId: Uuid,
  venue: VenueInfo,
  gate: GateInfo,
  config: DeviceConfig,
  /** pinned by the kiosk: risk manifests and QR credentials verify against these (several during rotation) */
  cityKeys: z.array(CityKey).min(1),
  /** base64url 32 bytes: the HMAC key of nikHash(); keep it as secret as the device key */
  nikHashKey: B64url,
  serverTime: IsoDateTime,
  /** the venue's entry policy signed by the city (null: the city's defaults); verified before it is kept */
  venuePolicy: z.unknown().optional().describe('SignedVenuePolicy (sync/protocol/venue-policy.ts) or null; the kiosk verifies it on its own, so a bad one cannot make the whole answer unreadable'),
});
export type EnrolResponse = z.infer<typeof EnrolResponse>;
