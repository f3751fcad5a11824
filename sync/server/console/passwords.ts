// Console passwords: scrypt from node:crypto (no native dependency to build on the city's server),
// with OWASP's parameters N=2^15, r=8, p=3 (32 MiB; config consoleScryptN, which tests lower for
// speed). The parameters are stored in each hash, so they can be raised later and old hashes still verify. Format: scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>.
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';

export const DEFAULT_SCRYPT_N = 2 ** 15;
const R = 8;
const P = 3;
const KEY_LEN = 32;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  const opts: ScryptOptions = { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFC'), salt, KEY_LEN, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string, n = DEFAULT_SCRYPT_N): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, n, R, P);
  return `scrypt$${n}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return false;
  const expected = Buffer.from(m[5]!, 'base64');
  const key = await scrypt(password, Buffer.from(m[4]!, 'base64'), Number(m[1]), Number(m[2]), Number(m[3]));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of nothing anyone knows: checked when the account does not exist, so timing does not tell. */
const dummies = new Map<number, Promise<string>>();
export function dummyHash(n = DEFAULT_SCRYPT_N): Promise<string> {
  let d = dummies.get(n);
  if (!d) dummies.set(n, (d = hashPassword(randomBytes(16).toString('hex'), n)));
  return d;
}

/** Generated passwords (shown once): 4 groups of 5 from an alphabet without look-alikes, ~100 bits. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY3479';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}
