// AES-256-GCM sealing of single column values. Each value gets a fresh random 12-byte IV, and the
// additional authenticated data names the value's purpose (table, column, row), so a sealed value
// copied into another row or column fails to open instead of silently decrypting as someone else's.
//
// Blob layout: [version 0x01][iv 12][tag 16][ciphertext].
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { StoreError } from './types';

const VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER = 1 + IV_BYTES + TAG_BYTES;

export class FieldCipher {
  private readonly key: Buffer;
  constructor(key: Buffer) {
    if (key.length !== 32) throw new StoreError('DATA_KEY_UNAVAILABLE', { id: 'kunci data harus 32 byte', en: 'data key must be 32 bytes' });
    this.key = Buffer.from(key);
  }

  seal(plain: Uint8Array, aad: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]);
  }

  open(blob: Uint8Array, aad: string): Buffer {
    const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
    if (buf.length < HEADER || buf[0] !== VERSION) throw decryptFailed(aad);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, buf.subarray(1, 1 + IV_BYTES));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(buf.subarray(1 + IV_BYTES, HEADER));
      return Buffer.concat([decipher.update(buf.subarray(HEADER)), decipher.final()]);
    } catch {
      throw decryptFailed(aad);
    }
  }

  /**
   * A keyed fingerprint of a value that must stay findable by equality but must not be readable or
   * matchable without the key (e.g. the registration id printed on every QR pass): HMAC-SHA256 under a
   * per-purpose subkey of the data key, lowercase hex. Without the data key, a pass names no row.
   */
  keyedId(value: string, purpose: string): string {
    const subkey = createHmac('sha256', this.key).update(`jejak-kiosk keyed-id/1\n${purpose}`).digest();
    return createHmac('sha256', subkey).update(value, 'utf8').digest('hex');
  }

  sealText(text: string, aad: string): Buffer {
    return this.seal(Buffer.from(text, 'utf8'), aad);
  }

  openText(blob: Uint8Array, aad: string): string {
    return this.open(blob, aad).toString('utf8');
  }

  sealVector(vector: Float32Array, aad: string): Buffer {
    return this.seal(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength), aad);
  }

  openVector(blob: Uint8Array, aad: string): Float32Array {
    const bytes = this.open(blob, aad);
    // copy into an aligned buffer: Float32Array needs a 4-byte aligned offset
    const out = new Float32Array(bytes.length / 4);
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
}

function decryptFailed(aad: string): StoreError {
  // the AAD names table/column only (row ids are opaque), so it is safe to put in the message
  const purpose = aad.split(':')[0] ?? 'value';
  return new StoreError('DECRYPT_FAILED', { id: `nilai terenkripsi (${purpose}) gagal diautentikasi`, en: `a sealed value (${purpose}) failed authentication` });
}
