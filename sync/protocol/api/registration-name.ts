// Display names travel and rest sealed under a key derived from the NIK (AES-256-GCM): the
// registrations feed on a kiosk, or the server's table, does not reveal names to anyone who
// does not also hold that person's NIK (as a visitor presenting it does).
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { b64u } from '../crypto';

const VERSION = 1;

function nameKey(nikHashKey: string, nik: string): Buffer {
  return createHmac('sha256', b64u.decode(nikHashKey)).update(`jejak-name-key/1\n${nik}`, 'utf8').digest();
}

/** Returns base64url(version || iv(12) || tag(16) || ciphertext). */
export function sealName(nikHashKey: string, nik: string, name: string, iv: Buffer = randomBytes(12)): string {
  const cipher = createCipheriv('aes-256-gcm', nameKey(nikHashKey, nik), iv);
  const ct = Buffer.concat([cipher.update(name, 'utf8'), cipher.final()]);
  return b64u.encode(Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ct]));
}

/** null when the NIK is not the one it was sealed for, or the data is damaged. */
export function openName(nikHashKey: string, nik: string, sealed: string): string | null {
  try {
    const raw = b64u.decode(sealed);
    if (raw.length < 29 || raw[0] !== VERSION) return null;
    const decipher = createDecipheriv('aes-256-gcm', nameKey(nikHashKey, nik), raw.subarray(1, 13));
    decipher.setAuthTag(raw.subarray(13, 29));
    return Buffer.concat([decipher.update(raw.subarray(29)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
