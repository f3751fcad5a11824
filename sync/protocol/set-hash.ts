// LtHash16 (Bellare–Micciancio's lattice/additive multiset hash, as instantiated by Facebook's
// "Homomorphic hashing for sets": Lewi, Kim, Maykov, Weis 2019): each element is expanded with an XOF
// to 2048 bytes = 1024 little-endian uint16 lanes, and the hash of a set is the lane-wise sum mod 2^16.
// Order-independent, and updatable in O(change): adding an element adds its lanes, removing subtracts
// them. The XOF here is SHAKE-128 (FIPS 202). A 2048-byte state is compared via its sha256 (`digestHex`).
//
// This is a SET hash, not a MAC: it is only meaningful against a digest the city signed, and each
// element must be added at most once (the risk list keys entries by nikHash, so a line appears once).
import { createHash } from 'node:crypto';

export const LTHASH16_SHAKE128 = 'lthash16-shake128';
export const SET_HASH_BYTES = 2048;
const WORDS = SET_HASH_BYTES / 4;

// Lanes are little-endian uint16 (as in the reference); typed-array views use the platform order.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('set hash: a little-endian platform is required');

const LOW = 0x7fff7fff;
const HIGH = 0x80008000;

/** the XOF expansion of one element: 2048 bytes */
export function elementHash(element: string | Uint8Array): Buffer {
  return createHash('shake128', { outputLength: SET_HASH_BYTES }).update(element).digest();
}

/** Lane-wise sums of two uint16 lanes packed in one 32-bit word (no carry crosses a lane). */
function addWords(acc: Uint32Array, x: Uint32Array): void {
  for (let i = 0; i < WORDS; i++) {
    const a = acc[i]!;
    const b = x[i]!;
    acc[i] = ((a & LOW) + (b & LOW)) ^ ((a ^ b) & HIGH);
  }
}

function subWords(acc: Uint32Array, x: Uint32Array): void {
  for (let i = 0; i < WORDS; i++) {
    const a = acc[i]!;
    const b = x[i]!;
    acc[i] = ((a | HIGH) - (b & LOW)) ^ ((a ^ ~b) & HIGH);
  }
}

function words(bytes: Uint8Array): Uint32Array {
  if (bytes.length !== SET_HASH_BYTES) throw new Error(`set hash: ${bytes.length} bytes, expected ${SET_HASH_BYTES}`);
  if (bytes.byteOffset % 4 === 0) return new Uint32Array(bytes.buffer, bytes.byteOffset, WORDS);
  return new Uint32Array(Uint8Array.from(bytes).buffer);
}

export class LtHash16 {
  private readonly state = new Uint32Array(WORDS);

  static fromBytes(bytes: Uint8Array): LtHash16 {
    const h = new LtHash16();
    h.state.set(words(bytes));
    return h;
  }

  static of(elements: Iterable<string | Uint8Array>): LtHash16 {
    const h = new LtHash16();
    for (const e of elements) h.add(e);
    return h;
  }

  add(element: string | Uint8Array): this {
    addWords(this.state, words(elementHash(element)));
    return this;
  }

  remove(element: string | Uint8Array): this {
    subWords(this.state, words(elementHash(element)));
    return this;
  }

  /** this ∪ other (disjoint sets) */
  combine(other: LtHash16): this {
    addWords(this.state, other.state);
    return this;
  }

  /** this ∖ other (other ⊆ this) */
  subtract(other: LtHash16): this {
    subWords(this.state, other.state);
    return this;
  }

  clone(): LtHash16 {
    return LtHash16.fromBytes(this.bytes());
  }

  equals(other: LtHash16): boolean {
    return this.state.every((w, i) => w === other.state[i]);
  }

  /** the 2048-byte state (1024 little-endian uint16 lanes) */
  bytes(): Buffer {
    return Buffer.from(this.state.buffer.slice(0));
  }

  /** sha256 of the state, hex: what manifests sign and kiosks compare */
  digestHex(): string {
    return createHash('sha256').update(new Uint8Array(this.state.buffer)).digest('hex');
  }
}

export const EMPTY_LTHASH16_DIGEST = new LtHash16().digestHex();
