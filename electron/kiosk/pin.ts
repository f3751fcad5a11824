// PIN hashing: scrypt with a random salt, compared in constant time. A 4–8 digit PIN is weak by nature;
// the lockout in staff-auth.ts is what stops guessing, the hash stops a stolen DB from revealing it.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LEN = 32;

export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, KEY_LEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/**
 * The stored hashes for the admin PIN and the optional separate staff PIN, as the setup screen and the
 * provisioning CLI keep them. A staff PIN equal to the admin PIN is no separate PIN: the admin PIN then
 * opens the staff panel.
 */
export function hashKioskPins(adminPin: string, staffPin?: string | null): { adminPinHash: string; staffPinHash: string | null } {
  return { adminPinHash: hashPin(adminPin), staffPinHash: staffPin && staffPin !== adminPin ? hashPin(staffPin) : null };
}

/** False (never throws) for a wrong PIN or an unreadable stored hash. */
export function verifyPin(pin: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, hashText] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hashText, 'base64url');
  if (expected.length !== KEY_LEN) return false;
  try {
    const actual = scryptSync(pin, Buffer.from(saltText, 'base64url'), KEY_LEN, { N: Number(n), r: Number(r), p: Number(p) });
    return timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}
