// Encryption at rest for what the server must be able to read back (face templates): AES-256-GCM
// under the server's data key (city-keys.json). Names are sealed differently (under a NIK-derived
// key, registration-name.ts) because the server never needs them without the NIK.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { b64u } from '../protocol/crypto';

const VERSION = 1;

export function sealJson(dataKey: string, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', b64u.decode(dataKey), iv);
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return b64u.encode(Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ct]));
}

/** Throws when the data key is wrong or the blob was altered: never returns something made up. */
export function openJson<T>(dataKey: string, sealed: string): T {
  const raw = b64u.decode(sealed);
  if (raw.length < 29 || raw[0] !== VERSION) throw new Error('sealed data is not in a known format');
  const decipher = createDecipheriv('aes-256-gcm', b64u.decode(dataKey), raw.subarray(1, 13));
  decipher.setAuthTag(raw.subarray(13, 29));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(29)), decipher.final()]).toString('utf8')) as T;
}
