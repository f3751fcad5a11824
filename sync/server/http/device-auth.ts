// Device authentication: every request after enrolment carries an RFC 9421 signature by the device key.
// Order of checks: headers present and well-formed → device known and not revoked → created within
// ±5 min → body digest → signature → nonce unused. Each failure is a 401 with its own reason code
// and the server time (an honest kiosk with a wrong clock learns its offset from it).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { parseDeviceSignature, verifyDeviceRequest } from '../../protocol/http-signature';
import type { Clock } from '../clock';
import type { DeviceRow, ServerStore } from '../store/types';
import { ApiError } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
    device?: DeviceRow;
  }
}

const DEVICE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function authenticateDevice(req: FastifyRequest, store: ServerStore, clock: Clock, skewSeconds: number): Promise<DeviceRow> {
  const parsed = parseDeviceSignature(req.headers);
  if (!parsed.ok) throw new ApiError(401, parsed.code, [{ path: 'signature', message: parsed.detail }]);
  // Device ids are UUIDs: anything else names no device, and must not reach the store (PostgreSQL's uuid
  // column refuses it with an error, which made an unsigned request a logged 503).
  if (!DEVICE_ID.test(parsed.value.params.keyid)) throw new ApiError(401, 'device_unknown');
  const device = await store.getDevice(parsed.value.params.keyid);
  if (!device) throw new ApiError(401, 'device_unknown');
  if (device.revokedAt !== null) throw new ApiError(401, 'device_revoked');
  const now = clock.now();
  const v = verifyDeviceRequest({
    request: { method: req.method, url: req.url, headers: req.headers },
    body: req.rawBody ?? Buffer.alloc(0),
    parsed: parsed.value,
    publicKey: device.publicKey,
    nowMs: now,
    maxSkewSeconds: skewSeconds,
  });
  if (!v.ok) throw new ApiError(401, v.code, [{ path: 'signature', message: v.detail }]);
  // A nonce is remembered past the whole window in which its signature could still be accepted.
  const fresh = await store.useNonce(device.id, parsed.value.params.nonce, parsed.value.params.created * 1000 + 2 * skewSeconds * 1000, now);
  if (!fresh) throw new ApiError(401, 'nonce_replayed');
  return device;
}

export function checkAdminToken(req: FastifyRequest, token: string): void {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer (.+)$/.exec(header);
  const given = Buffer.from(m?.[1] ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new ApiError(401, 'admin_unauthorized');
}
