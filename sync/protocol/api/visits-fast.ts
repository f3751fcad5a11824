// A fast acceptance check for one uploaded visit, for the server's ingest hot path (500 per request).
// It only ever says "certainly valid": true means the Visit schema accepts the value unchanged; false
// means "not sure", and the caller asks the schema, whose answer (and error details) then decide. So the
// inputs refused are exactly the schema's; tests/unit/server-visit-fast-check.test.ts checks the
// implication against the schema on generated inputs.
import { INT32_MAX, UNSAFE_TEXT_CHARS } from './common';
import type { Visit } from './visits';

const VISIT_KEYS = [
  'id', 'venueId', 'gateId', 'occurredAt', 'deviceTime', 'clockOffsetMs', 'clockSuspect', 'identity', 'nikHash', 'outcome', 'reason',
  'override', 'faceDistance', 'livenessScore', 'riskListVersion', 'checkedOutAt',
] as const;
const UUID_V7 = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-7[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
const ENTITY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const NIK_HASH = /^[0-9a-f]{64}$/;
// RFC 3339 with offset, real calendar dates (leap years included): the same language as zod's z.iso.datetime({ offset: true }).
const ISO_DATE_TIME =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
const isText = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && v.length >= min && v.length <= max && !UNSAFE_TEXT_CHARS.test(v);
const isFiniteOrNull = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isFinite(v));

/** Exactly the own keys of a strict object, no more, no fewer. */
function hasExactly(o: Record<string, unknown>, keys: readonly string[]): boolean {
  let n = 0;
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) return false;
    n++;
  }
  if (n !== keys.length) return false;
  for (const k of keys) if (!Object.prototype.hasOwnProperty.call(o, k) || o[k] === undefined) return false;
  return true;
}

/** true only when the Visit schema certainly accepts `v` as it is; false = let the schema decide. */
export function isCertainlyValidVisit(v: unknown): v is Visit {
  if (!isObject(v) || !hasExactly(v, VISIT_KEYS)) return false;
  if (typeof v.id !== 'string' || !UUID_V7.test(v.id)) return false;
  if (typeof v.venueId !== 'string' || !ENTITY_ID.test(v.venueId)) return false;
  if (typeof v.gateId !== 'string' || !ENTITY_ID.test(v.gateId)) return false;
  if (typeof v.occurredAt !== 'string' || !ISO_DATE_TIME.test(v.occurredAt)) return false;
  if (typeof v.deviceTime !== 'string' || !ISO_DATE_TIME.test(v.deviceTime)) return false;
  if (typeof v.clockOffsetMs !== 'number' || !Number.isSafeInteger(v.clockOffsetMs)) return false;
  if (typeof v.clockSuspect !== 'boolean') return false;
  if (v.identity !== 'QR' && v.identity !== 'NIK' && v.identity !== 'NONE') return false;
  if (v.nikHash !== null && (typeof v.nikHash !== 'string' || !NIK_HASH.test(v.nikHash))) return false;
  if (v.outcome !== 'ADMIT' && v.outcome !== 'DENY' && v.outcome !== 'REFER') return false;
  if (!isText(v.reason, 1, 64)) return false;
  // overrides are rare: the schema checks their reason code and note
  if (v.override !== null) return false;
  if (!isFiniteOrNull(v.faceDistance) || !isFiniteOrNull(v.livenessScore)) return false;
  if (v.riskListVersion !== null && (typeof v.riskListVersion !== 'number' || !Number.isSafeInteger(v.riskListVersion) || v.riskListVersion < 0 || v.riskListVersion > INT32_MAX)) return false;
  if (v.checkedOutAt !== null && (typeof v.checkedOutAt !== 'string' || !ISO_DATE_TIME.test(v.checkedOutAt))) return false;
  return true;
}
