// Calls to /v1/residents/*: same origin; the /saya/ session goes as a bearer token. A failure comes
// back as a PageError: the server's code and its bilingual words, the specific one when it sent one
// (a NIK rule, the face engine's guidance) rather than the general reason.
import { T, type Bi, type Key } from './strings';

export interface PageError {
  code: string;
  text: Bi;
}

/** An error of the page itself (nothing sent), in the page's own words. */
export const pageError = (code: string, key: Key): PageError => ({ code, text: T[key] });

interface ErrorBody {
  error?: { code?: string; message?: Bi; details?: Array<{ path: string; message: string }> };
}

export async function api<R>(method: 'GET' | 'POST', path: string, body?: unknown, session?: string): Promise<{ ok: true; data: R } | { ok: false; error: PageError }> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(session ? { authorization: `Bearer ${session}` } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    return { ok: false, error: pageError('network', 'networkError') };
  }
  const json = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return { ok: true, data: json as R };
  const e = (json as ErrorBody | null)?.error;
  // a detail written "Bahasa Indonesia / English" is the specific bilingual message (zod refinements)
  const specific = e?.details?.find((d) => d.message.includes(' / '))?.message.split(' / ');
  const text = specific && specific.length === 2 ? { id: specific[0]!, en: specific[1]! } : (e?.message ?? { id: `Kesalahan ${res.status}`, en: `Error ${res.status}` });
  return { ok: false, error: { code: e?.code ?? `http_${res.status}`, text } };
}
