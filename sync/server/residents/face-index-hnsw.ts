// One face, one NIK: a 1:N index of every live registration's face templates, kept in step with the
// registrations table (added/replaced/removed as the server writes it; rebuilt from the database at
// start, on both backends). usearch (Unum's single-file HNSW, maintained, SIMD, prebuilt binaries for
// linux/mac/windows inside the npm package) holds the vectors as f16: 1M × 512-d is ~1 GB plus the
// graph; an exact scan of that in JS is ~0.5 s per search, HNSW is ~1 ms (npm run eval:dedupe).
import { createRequire } from 'node:module';

/** The part of usearch's API used here (its package.json `exports` carries no types). */
interface UsearchIndex {
  add(keys: bigint | BigUint64Array, vectors: Float32Array, threads?: number): void;
  search(vector: Float32Array, k: number, threads?: number): { keys: BigUint64Array; distances: Float32Array };
  remove(keys: bigint): number;
  size(): number;
}
interface UsearchModule {
  Index: new (opts: Record<string, unknown>) => UsearchIndex;
}

// usearch's ESM build looks for its native binary from a stack-trace file name and recurses for ever
// under an ESM loader; its CommonJS build finds it from __dirname. Load that one.
const usearch = createRequire(import.meta.url)('usearch') as UsearchModule;
import { decodeTemplateVector } from './vectors';

export interface IndexHit {
  rid: string;
  nikHash: string;
  /** cosine distance (1 − cos), as the face engine measures */
  distance: number;
}

interface Owner {
  rid: string;
  nikHash: string;
}

export interface FaceIndexOptions {
  dimensions?: number;
  /** f16 (default), i8 (half the memory, a little less exact) or f32 */
  quantization?: 'f16' | 'i8' | 'f32';
  connectivity?: number;
  expansionAdd?: number;
  expansionSearch?: number;
  /** threads for batch adds (0 = all cores) */
  threads?: number;
}

export class HnswFaceIndex {
  private index: UsearchIndex | null = null;
  private readonly owners = new Map<bigint, Owner>();
  private readonly keysOf = new Map<string, bigint[]>();
  private nextKey = 1n;
  private dims: number | null;

  constructor(private readonly opts: FaceIndexOptions = {}) {
    this.dims = opts.dimensions ?? null;
  }

  get size(): number {
    return this.owners.size;
  }

  private ensure(dims: number): UsearchIndex {
    if (this.dims !== null && this.dims !== dims) throw new Error(`face index holds ${this.dims}-d vectors, got ${dims}`);
    this.dims = dims;
    this.index ??= new usearch.Index({
      dimensions: dims, metric: 'cos', quantization: this.opts.quantization ?? 'f16', connectivity: this.opts.connectivity ?? 16,
      expansion_add: this.opts.expansionAdd ?? 64, expansion_search: this.opts.expansionSearch ?? 128, multi: false,
    });
    return this.index;
  }

  /** Sets the registration's templates (replacing any it had). Vectors: L2-normalised Float32Array. */
  set(rid: string, nikHash: string, vectors: readonly Float32Array[]): void {
    this.remove(rid);
    if (vectors.length === 0) return;
    const idx = this.ensure(vectors[0]!.length);
    const keys: bigint[] = [];
    for (const v of vectors) {
      const key = this.nextKey++;
      idx.add(key, v);
      this.owners.set(key, { rid, nikHash });
      keys.push(key);
    }
    this.keysOf.set(rid, keys);
  }

  /** Many at once (start-up rebuild, evaluation): vectors packed row by row, added on all cores. */
  addBatch(items: ReadonlyArray<{ rid: string; nikHash: string }>, packed: Float32Array, dims: number): void {
    if (items.length === 0) return;
    const idx = this.ensure(dims);
    const keys = new BigUint64Array(items.length);
    items.forEach((it, i) => {
      const key = this.nextKey++;
      keys[i] = key;
      this.owners.set(key, it);
      const list = this.keysOf.get(it.rid);
      if (list) list.push(key);
      else this.keysOf.set(it.rid, [key]);
    });
    idx.add(keys, packed, this.opts.threads ?? 0);
  }

  remove(rid: string): void {
    const keys = this.keysOf.get(rid);
    if (!keys) return;
    for (const k of keys) {
      this.index?.remove(k);
      this.owners.delete(k);
    }
    this.keysOf.delete(rid);
  }

  /** The nearest registrations (one hit per registration, nearest first). */
  search(vector: Float32Array, k = 5): IndexHit[] {
    if (!this.index || this.owners.size === 0) return [];
    const m = this.index.search(vector, Math.min(k * 2, this.owners.size), 0);
    const out: IndexHit[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < m.keys.length; i++) {
      const owner = this.owners.get(m.keys[i]!);
      if (!owner || seen.has(owner.rid)) continue;
      seen.add(owner.rid);
      out.push({ rid: owner.rid, nikHash: owner.nikHash, distance: m.distances[i]! });
      if (out.length >= k) break;
    }
    return out;
  }

  /** Convenience for wire templates (base64 float32). */
  setTemplates(rid: string, nikHash: string, templates: ReadonlyArray<{ vector: string }>): void {
    this.set(rid, nikHash, templates.map((t) => decodeTemplateVector(t.vector)));
  }
}
