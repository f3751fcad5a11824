// The /saya/ session: after the pass/NIK and a live face proved who someone is, a short-lived token
// sealed (AES-256-GCM) under a key derived from the data key. It carries the NIK (needed to open the
// sealed name) and so is opaque to the browser; nothing is stored server-side, and an erased or
// replaced registration ends it (the rid and registration date must still match).
import { hkdfSync } from 'node:crypto';
import { z } from 'zod';
import { b64u } from '../../protocol/crypto';
import { openJson, sealJson } from '../sealing';

export const SESSION_TTL_MS = 10 * 60_000;

const SessionPayload = z.object({ v: z.literal(1), rid: z.string(), nik: z.string().regex(/^\d{16}$/), registeredAt: z.number(), exp: z.number() });
export type ResidentSessionPayload = z.infer<typeof SessionPayload>;

function sessionKey(dataKey: string): string {
  return b64u.encode(Buffer.from(hkdfSync('sha256', b64u.decode(dataKey), Buffer.alloc(0), 'jejak resident session v1', 32)));
}

export function sealSession(dataKey: string, p: Omit<ResidentSessionPayload, 'v'>): string {
  return sealJson(sessionKey(dataKey), { v: 1, ...p });
}

/** null when forged, altered, from another server, or expired */
export function openSession(dataKey: string, token: string, now: number): ResidentSessionPayload | null {
  if (!/^[A-Za-z0-9_-]{20,600}$/.test(token)) return null;
  try {
    const p = SessionPayload.safeParse(openJson<unknown>(sessionKey(dataKey), token));
    return p.success && p.data.exp > now ? p.data : null;
  } catch {
    return null;
  }
}
