// The one place console routes are authenticated and authorised: session cookie or API key, the
// route's `roles` from the route table, and the CSRF token on every state-changing request.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteSpec } from '../../protocol/api/routes';
import type { ServerConfig } from '../config';
import { ApiError } from '../http/errors';
import { SESSION_COOKIE } from './accounts';
import type { ConsoleAccounts, Principal } from './accounts';

export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export function readCookie(req: FastifyRequest, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

export function sessionCookie(value: string, config: ServerConfig, maxAgeSeconds: number): string {
  // HttpOnly: page scripts cannot read it; SameSite=Strict: no other site's page sends it; Path: only the console and its API.
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${config.consoleSecureCookie ? '; Secure' : ''}`;
}

export function setSessionCookie(reply: FastifyReply, value: string, config: ServerConfig, maxAgeSeconds: number): void {
  void reply.header('set-cookie', sessionCookie(value, config, maxAgeSeconds));
}

async function resolve(req: FastifyRequest, accounts: ConsoleAccounts): Promise<Principal> {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    const p = await accounts.principalFromApiKey(auth.slice(7));
    if (!p) throw new ApiError(401, 'api_key_invalid');
    return p;
  }
  const cookie = readCookie(req, SESSION_COOKIE);
  if (!cookie) throw new ApiError(401, 'console_unauthenticated');
  const p = await accounts.principalFromCookie(cookie);
  if (!p) throw new ApiError(401, 'console_session_expired');
  return p;
}

export async function authorizeConsole(req: FastifyRequest, spec: RouteSpec, accounts: ConsoleAccounts): Promise<Principal | null> {
  if (spec.public) return null;
  const p = await resolve(req, accounts);
  if (!(spec.roles ?? []).includes(p.role)) throw new ApiError(403, 'console_forbidden');
  if (spec.method !== 'GET' && p.session) {
    const given = Buffer.from(String(req.headers[CSRF_HEADER] ?? ''));
    const expected = Buffer.from(p.session.csrfToken);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new ApiError(403, 'csrf_invalid');
  }
  req.principal = p;
  return p;
}
