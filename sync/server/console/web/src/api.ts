// Calls to /v1/console/*: same origin, the session cookie goes by itself; state-changing requests
// carry the session's CSRF token. Errors come back as the server's bilingual reason.
import type { Bi } from './i18n';

export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, readonly bilingual: Bi, readonly details: Array<{ path: string; message: string }> = []) {
    super(`${status} ${code}`);
  }
}

let csrf = '';
export const setCsrf = (t: string) => {
  csrf = t;
};

/**
 * Fired when the server says the session is gone (idle past its limit, ended by a city admin, logged out
 * elsewhere): the shell goes back to the login form with the reason instead of leaving each page to
 * show an error the officer cannot act on.
 */
export const SIGNED_OUT_EVENT = 'jejak-console-signed-out';

export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrf;
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (!r.ok) {
    const e = (await r.json().catch(() => null)) as { error?: { code: string; message: Bi; details?: Array<{ path: string; message: string }> } } | null;
    if (r.status === 401 && (e?.error?.code === 'console_session_expired' || e?.error?.code === 'console_unauthenticated') && path !== '/v1/console/me') {
      dispatchEvent(new CustomEvent<Bi>(SIGNED_OUT_EVENT, { detail: e.error.message }));
    }
    throw new ApiFailure(r.status, e?.error?.code ?? 'error', e?.error?.message ?? { id: `Kesalahan ${r.status}`, en: `Error ${r.status}` }, e?.error?.details ?? []);
  }
  return (await r.json()) as T;
}
