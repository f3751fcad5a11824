// What runs before a request is authenticated must be cheap (issue 10 item 1): an unsigned 1 MB deeply
// nested body cost up to 745 ms of JSON parsing before the signature was looked at, and /v1/health took
// 2.6 s while four were in flight. So, for device routes, the signature headers are checked in full
// (shape, known device, created, signature, nonce) in onRequest, before the body is read; the body
// parser keeps the raw bytes, compares them with the signed Content-Digest and only then parses them;
// and no JSON deeper than MAX_JSON_DEPTH is parsed on any route (enrolment and console login included).
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { API_ROUTES } from '../../protocol/api/routes';
import type { RouteSpec } from '../../protocol/api/routes';
import type { Clock } from '../../protocol/clock';
import type { ServerStore } from '../store/types';
import { checkBodyDigest, preAuthenticateDevice } from './device-auth';
import { ApiError } from './errors';

/** The deepest body of the API nests 3 levels (visits[].override); console bodies less. */
export const MAX_JSON_DEPTH = 16;

const DEVICE_ROUTES: ReadonlySet<string> = new Set(
  Object.values(API_ROUTES as Record<string, RouteSpec>).filter((s) => s.auth === 'device').map((s) => `${s.method} ${s.path}`),
);

/** onRequest: device routes are authenticated from their headers before Fastify reads the body. */
export function preAuthHook(deps: { store: ServerStore; clock: Clock; skewSeconds: number }): onRequestAsyncHookHandler {
  return async (req) => {
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (!DEVICE_ROUTES.has(`${method} ${req.routeOptions.url ?? ''}`)) return;
    await preAuthenticateDevice(req, deps.store, deps.clock, deps.skewSeconds);
  };
}

/**
 * Nesting depth of JSON text, scanning bytes (strings skipped): stops at the first level past `max`.
 * Linear and allocation-free, so a hostile body costs a pass over its bytes, not a parse.
 */
export function jsonDepthExceeds(buf: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Body parsers that keep the exact bytes (the device signature covers their digest). */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const buf = body as Buffer;
    req.rawBody = buf;
    try {
      // bytes first: a body that is not the signed one is never parsed
      checkBodyDigest(req, buf);
      if (buf.length === 0) return done(null, undefined);
      if (jsonDepthExceeds(buf, MAX_JSON_DEPTH)) throw new ApiError(400, 'invalid_json', [{ path: '(body)', message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` }]);
      done(null, JSON.parse(buf.toString('utf8')));
    } catch (err) {
      done(err instanceof ApiError ? err : new ApiError(400, 'invalid_json'), undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
    req.rawBody = body as Buffer;
    try {
      checkBodyDigest(req, req.rawBody);
    } catch (err) {
      return done(err as ApiError, undefined);
    }
    if ((body as Buffer).length === 0) return done(null, undefined);
    done(new ApiError(415, 'unsupported_media_type'), undefined);
  });
}
