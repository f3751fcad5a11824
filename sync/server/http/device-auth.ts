// Device authentication: every request after enrolment carries an RFC 9421 signature by the device key.
// Order of checks: headers present and well-formed → device known and not revoked → created within
// ±5 min → Content-Digest header → signature → nonce unused → body bytes against the digest. Each
// failure is a 401 with its own reason code and the server time (an honest kiosk with a wrong clock
// learns its offset from it).
//
// Everything but the last step needs the headers only (the signature covers the digest header, not the
// bytes), so it runs before the body is read (preAuthenticateDevice, an onRequest hook: pre-auth.ts),
// and the body parser compares the raw bytes with the digest before it parses any JSON. Unsigned or
// forged requests cost a header parse and an indexed lookup, never a JSON parse (issue 10 item 1).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { bodyMatchesDigest, parseDeviceSignature, verifyDeviceSignature } from '../../protocol/http-signature';
import type { Clock } from '../../protocol/clock';
import type { DeviceRow, ServerStore } from '../store/types';
import { ApiError } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
    device?: DeviceRow;
    /** authenticated from its headers; the body's bytes are still to be checked against Content-Digest */
    bodyDigestPending?: boolean;
  }
}

const DEVICE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Everything but the body: sets req.device and leaves the body's digest to checkBodyDigest. */
export async function preAuthenticateDevice(req: FastifyRequest, store: ServerStore, clock: Clock, skewSeconds: number): Promise<DeviceRow> {
  const parsed = parseDeviceSignature(req.headers);
  if (!parsed.ok) throw new ApiError(401, parsed.code, [{ path: 'signature', message: parsed.detail }]);
  // Device ids are UUIDs: anything else names no device, and must not reach the store (PostgreSQL's uuid
  // column refuses it with an error, which made an unsigned request a logged 503).
  if (!DEVICE_ID.test(parsed.value.params.keyid)) throw new ApiError(401, 'device_unknown');
  const device = await store.getDevice(parsed.value.params.keyid);
  if (!device) throw new ApiError(401, 'device_unknown');
  if (device.revokedAt !== null) throw new ApiError(401, 'device_revoked');
  const now = clock.now().getTime();
  const v = verifyDeviceSignature({
    request: { method: req.method, url: req.url, headers: req.headers },
    parsed: parsed.value,
    publicKey: device.publicKey,
    nowMs: now,
    maxSkewSeconds: skewSeconds,
  });
  if (!v.ok) throw new ApiError(401, v.code, [{ path: 'signature', message: v.detail }]);
  // A nonce is remembered past the whole window in which its signature could still be accepted.
  const fresh = await store.useNonce(device.id, parsed.value.params.nonce, parsed.value.params.created * 1000 + 2 * skewSeconds * 1000, now);
  if (!fresh) throw new ApiError(401, 'nonce_replayed');
  req.device = device;
  req.bodyDigestPending = true;
  return device;
}

/** The raw body (empty when there was none) against the signed Content-Digest; once per request. */
export function checkBodyDigest(req: FastifyRequest, body: Buffer): void {
  if (!req.bodyDigestPending) return;
  const d = bodyMatchesDigest(req.headers, body);
  if (!d.ok) throw new ApiError(401, d.code, [{ path: 'signature', message: d.detail }]);
  req.bodyDigestPending = false;
}

/**
 * The device of a request: pre-authenticated from its headers (body digest checked here if no body
 * parser ran, e.g. a GET), or authenticated in full now.
 */
export async function authenticateDevice(req: FastifyRequest, store: ServerStore, clock: Clock, skewSeconds: number): Promise<DeviceRow> {
  const device = req.device ?? (await preAuthenticateDevice(req, store, clock, skewSeconds));
  checkBodyDigest(req, req.rawBody ?? Buffer.alloc(0));
  return device;
}

export function checkAdminToken(req: FastifyRequest, token: string): void {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer (.+)$/.exec(header);
  const given = Buffer.from(m?.[1] ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new ApiError(401, 'admin_unauthorized');
}
