// Risk list feed: GET /v1/risk/updates?since=N and GET /v1/risk/chunks/{sha256}.
// The format, digests, signing and verification live in ../risk-feed.ts.
import { z } from 'zod';
import { INT32_MAX, IsoDateTime, Sha256Hex } from './common';

// /2: setDigest became an order-independent set hash named by digestAlg (was sha256 over the sorted set)
export const RISK_MANIFEST_FORMAT = 'jejak-risk/2';
export const RISK_HEAD_FORMAT = 'jejak-risk-head/2';

/** any name is carried (so a kiosk can say which one it does not know); risk-feed.ts lists the supported ones */
const DigestAlg = z.string().min(1).max(64);

export const RiskChunkRef = z.strictObject({
  index: z.number().int().nonnegative(),
  sha256: Sha256Hex,
  /** lines (changes) in the chunk */
  entries: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
});
export type RiskChunkRef = z.infer<typeof RiskChunkRef>;

export const RiskManifest = z.strictObject({
  format: z.literal(RISK_MANIFEST_FORMAT),
  listId: z.string().min(1).max(64),
  /** snapshot: the whole set (apply to an empty list); delta: changes from previousVersion to version */
  type: z.enum(['snapshot', 'delta']),
  version: z.number().int().positive(),
  /** delta: the version it applies on; snapshot: the version before it (0 for the first) */
  previousVersion: z.number().int().nonnegative(),
  /** entries in the whole set after applying */
  entryCount: z.number().int().nonnegative(),
  /** lines over all chunks (= entryCount for a snapshot) */
  changeCount: z.number().int().nonnegative(),
  /** the set hash of setDigest, e.g. 'lthash16-shake128' (see risk-feed.ts) */
  digestAlg: DigestAlg,
  /** sha256 of the set hash state of the whole set after applying (see risk-feed.ts) */
  setDigest: Sha256Hex,
  /**
   * snapshot only: the set hash state itself (2,048 bytes, base64url), whose sha256 is setDigest. The
   * kiosk stores it with the list instead of hashing a million lines; the chunks are signed by their
   * sha256 already. Deltas are then checked against it (see sync/agent/risk-pull.ts).
   */
  setHash: z.string().regex(/^[A-Za-z0-9_-]{2731}$/).optional(),
  issuedAt: IsoDateTime,
  expiresAt: IsoDateTime,
  chunks: z.array(RiskChunkRef),
});
export type RiskManifest = z.infer<typeof RiskManifest>;

/** Signed statement "the current version is N with this digest", re-issued on every request: list freshness. */
export const RiskHead = z.strictObject({
  format: z.literal(RISK_HEAD_FORMAT),
  listId: z.string().min(1).max(64),
  version: z.number().int().nonnegative(),
  entryCount: z.number().int().nonnegative(),
  digestAlg: DigestAlg,
  setDigest: Sha256Hex,
  /** when the current version was published by the city */
  publishedAt: IsoDateTime.nullable(),
  issuedAt: IsoDateTime,
  expiresAt: IsoDateTime,
});
export type RiskHead = z.infer<typeof RiskHead>;

export const Signature = z.strictObject({
  keyId: z.string().min(1).max(64),
  /** base64url Ed25519 signature */
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
});

export const SignedRiskManifest = z.strictObject({ manifest: RiskManifest }).extend(Signature.shape);
export type SignedRiskManifest = z.infer<typeof SignedRiskManifest>;

export const SignedRiskHead = z.strictObject({ head: RiskHead }).extend(Signature.shape);
export type SignedRiskHead = z.infer<typeof SignedRiskHead>;

export const RiskUpdatesQuery = z.strictObject({
  /** the version the kiosk has live; 0 = none */
  since: z.coerce.number().int().nonnegative().max(INT32_MAX),
});
export type RiskUpdatesQuery = z.infer<typeof RiskUpdatesQuery>;

export const RiskUpdatesResponse = z.object({
  head: SignedRiskHead,
  /**
   * current: nothing to do (manifests empty); delta: apply manifests in order (a chain from `since`);
   * snapshot: one manifest, replace the whole list.
   */
  mode: z.enum(['current', 'delta', 'snapshot']),
  manifests: z.array(SignedRiskManifest),
});
export type RiskUpdatesResponse = z.infer<typeof RiskUpdatesResponse>;

export const RiskChunkParams = z.strictObject({ sha256: Sha256Hex });
