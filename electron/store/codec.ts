// Conversions at the store's edge: hex NIK hashes ↔ 32-byte BLOBs, ISO times ↔ epoch ms.
import type { Bilingual } from '../../sync/protocol/bilingual';
import { StoreError } from './types';

export function badInput(message: Bilingual): StoreError {
  return new StoreError('BAD_INPUT', message);
}

/** hex nikHash (64 chars) → 32-byte Buffer; anything else is a BAD_INPUT error. */
export function hashToBlob(hex: string): Buffer {
  if (typeof hex !== 'string' || hex.length !== 64) throw badInput({ id: 'nikHash harus 64 karakter heksadesimal', en: 'nikHash must be 64 hex characters' });
  const buf = Buffer.from(hex, 'hex');
  // Buffer.from stops at the first non-hex character, so a short result means bad input
  if (buf.length !== 32) throw badInput({ id: 'nikHash harus 64 karakter heksadesimal', en: 'nikHash must be 64 hex characters' });
  return buf;
}

export function blobToHash(blob: Uint8Array): string {
  return Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength).toString('hex');
}

/** ISO time → epoch ms; a non-parsable time is BAD_INPUT naming the field. */
export function isoToMs(iso: string, field: string): number {
  const ms = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  if (!Number.isFinite(ms)) throw badInput({ id: `${field} bukan waktu ISO yang sah`, en: `${field} is not a valid ISO time` });
  return ms;
}

export const msToIso = (ms: number): string => new Date(ms).toISOString();
export const msToIsoOrNull = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : msToIso(ms));

export function parseJsonOrNull<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
