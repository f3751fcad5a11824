// Shared building blocks of the /v1 wire schemas.
import { z } from 'zod';
import { BilingualSchema } from '../bilingual';
import { RISK_STATUSES } from '../risk-status';
import { REASON_CODES } from './reasons';

export const API_VERSION = 'v1';

export const IsoDateTime = z.iso.datetime({ offset: true }).describe('RFC 3339 date-time');
export const IsoDate = z.iso.date().describe('YYYY-MM-DD');
export const Uuid = z.uuid();
/** Visit ids are UUIDv7 (time-ordered), generated on the kiosk. */
export const UuidV7 = z.uuid({ version: 'v7' });
export const EntityId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'id: 1–64 of A–Z a–z 0–9 _ -');
/** HMAC-SHA256 of the 16-digit NIK under the city's NIK hash key, lowercase hex. */
export const NikHashHex = z.string().regex(/^[0-9a-f]{64}$/, 'nikHash: 64 lowercase hex chars');
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'sha256: 64 lowercase hex chars');
export const B64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'base64url without padding');
export const Ed25519PublicKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Ed25519 public key: 32 bytes base64url');

/**
 * Characters no text field may carry: C0/C1 controls (NUL breaks PostgreSQL text, ESC drives terminals,
 * CR/LF forge log and CLI lines), DEL, line/paragraph separators and bidi overrides/isolates (which
 * reorder what an operator reads).
 */
// eslint-disable-next-line no-control-regex
export const UNSAFE_TEXT_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Single-line human text of 1..max characters, without control or bidi characters. */
export function plainText(max: number) {
  return z.string().min(1).max(max).refine((s) => !UNSAFE_TEXT_CHARS.test(s), 'text must not contain control characters');
}

/**
 * Integers within the column types of both backends (PostgreSQL `integer` is 32-bit; a larger value
 * makes it fail the whole statement, and a 503 is retried as a whole batch for ever).
 */
export const INT32_MAX = 2 ** 31 - 1;
/** A risk list version as kiosks report it (risk_list_version / risk_versions.version are `integer`). */
export const RiskListVersion = z.number().int().min(0).max(INT32_MAX);
/** A feed cursor: a decimal `bigint` sequence number the server can also hold exactly in a JS number. */
export const FeedCursor = z.string().regex(/^\d{1,16}$/, 'cursor: decimal digits').refine((s) => Number(s) <= Number.MAX_SAFE_INTEGER, 'cursor out of range');

/** An app/build version as devices report it: letters, digits and . + _ - ~ (e.g. 1.4.0-rc.1+b12). */
export const AppVersion = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+_~-]{0,39}$/, 'appVersion: 1–40 of A–Z a–z 0–9 . + _ - ~');

export const ReasonCodeSchema = z.enum(REASON_CODES);

/** Every 4xx/5xx body. 401s always carry serverTime so an honest kiosk can correct its clock offset. */
export const ErrorBody = z.object({
  error: z.object({
    code: ReasonCodeSchema,
    message: BilingualSchema,
    /** field-level problems for invalid_body / invalid_query, and e.g. limits */
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
  serverTime: IsoDateTime,
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Per-item answer of a batch endpoint (visits, alerts). */
export const ItemStatus = z.enum(['accepted', 'duplicate', 'conflict', 'rejected']);
export type ItemStatus = z.infer<typeof ItemStatus>;

export const ItemResult = z.object({
  id: z.string(),
  status: ItemStatus,
  /** present for rejected and conflict */
  reason: ReasonCodeSchema.optional(),
  /** for rejected: which field was wrong */
  details: z.string().optional(),
});
export type ItemResult = z.infer<typeof ItemResult>;

/** Risk statuses issued by Dinkes. */
export const RiskStatusSchema = z.enum(RISK_STATUSES);

/** A face template as produced by the models/ engine (models/engine/types.ts FaceTemplate). */
export const FaceTemplate = z.object({
  /** recognition model + preprocessing version; templates of another model are useless to a kiosk */
  model: plainText(64),
  /** base64 (standard alphabet) of Float32 little-endian values, L2-normalised; 16–2048 floats */
  vector: z.string().min(88).max(10_924).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'vector: base64 of float32 values'),
});
export type FaceTemplate = z.infer<typeof FaceTemplate>;
