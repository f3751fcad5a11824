// One face, one NIK: a 1:N index of every live registration's face templates, kept in step with the
// registrations table (added/replaced/removed as the server writes it; rebuilt from the database at
// start, on both backends). usearch (Unum's single-file HNSW: maintained, SIMD, prebuilt binaries for
// linux/mac/windows inside the npm package, no download at install) holds the vectors as f16. Figures at
// 1M (npm run eval:dedupe, README "For residents"): search p95 a few ms where the exact scan in JS
// (face-index.ts) takes ~0.5 s, within the 2.5 GB memory budget.
import { createRequire } from 'node:module';
import { FaceIndex } from './face-index';
import type { FaceSearchIndex, IndexHit } from './face-index';
import { decodeTemplateVector } from './vectors';

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

let loaded: UsearchModule | null | undefined;
/**
 * usearch, or null where its native binary does not load (a platform without a prebuilt one).
 * Its ESM build looks for the binary from a stack-trace file name and recurses for ever under an ESM
 * loader; its CommonJS build finds it from __dirname: load that one.
 */
export function loadUsearch(): UsearchModule | null {
  if (loaded === undefined) {
    try {
      loaded = createRequire(import.meta.url)('usearch') as UsearchModule;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}

export interface HnswOptions {
  /** f16 (default: half of f32's memory, distances within ~1e-3), i8 or f32 */
  quantization?: 'f16' | 'i8' | 'f32';
  /** HNSW M: links per node */
  connectivity?: number;
  /** candidates kept while inserting (build quality) */
  expansionAdd?: number;
  /** candidates kept while searching (recall against time) */
  expansionSearch?: number;
  /**
   * Nearest entries asked of the graph per search (usearch searches with max(expansion_search, this)):
   * 1024 by default. eval:dedupe at 100,000 (2026-12-04, 1,228 LFW probes): with 256 the graph missed 9
   * true mates that the exact 1:1 comparison finds (FNIR at 0.43 15.2 % against the engine's own 14.5 %;
   * nearest other identity as the exact scan for 30 of 32 probes), with 1024 none (14.5 %, 32 of 32) for
   * 15.5 ms CPU p95 per search instead of 5.3 (4096: the same answers, 45 ms). The loss grows with N
   * (at 1M with 256: FNIR 32 % against 15 %), and a search runs once per registration, not per visit.
   */
  searchCandidates?: number;
  /** threads for batch adds (0 = all cores) */
  threads?: number;
}

/** The server's HNSW parameters (the evaluation runs with them unless told otherwise). */
export const HNSW_DEFAULTS = { quantization: 'f16', connectivity: 16, expansionAdd: 64, expansionSearch: 128, searchCandidates: 1024 } as const satisfies Required<Omit<HnswOptions, 'threads'>>;

export class HnswFaceIndex implements FaceSearchIndex {
  private index: UsearchIndex | null = null;
  // Owners by key (a key is the position here): plain arrays, not a Map of objects, so 1M entries
  // cost tens of MB beside the vectors. A removed key keeps an empty rid.
  private readonly ridOf: string[] = [];
  private readonly nikHashOf: string[] = [];
  private readonly keysOf = new Map<string, number | number[]>();
  private live = 0;
  private dims: number | null = null;

  constructor(private readonly usearch: UsearchModule, private opts: HnswOptions = {}) {}

  /** candidates asked per search: changeable on a built graph (the evaluation's sweep) */
  set searchCandidates(n: number) {
    this.opts = { ...this.opts, searchCandidates: n };
  }

  get size(): number {
    return this.live;
  }

  /** the parameters in force (defaults filled in), for the evaluation's report */
  get params(): Required<Omit<HnswOptions, 'threads'>> {
    const o = this.opts;
    const D = HNSW_DEFAULTS;
    return { quantization: o.quantization ?? D.quantization, connectivity: o.connectivity ?? D.connectivity, expansionAdd: o.expansionAdd ?? D.expansionAdd, expansionSearch: o.expansionSearch ?? D.expansionSearch, searchCandidates: o.searchCandidates ?? D.searchCandidates };
  }

  private ensure(dims: number): UsearchIndex {
    if (this.dims !== null && this.dims !== dims) throw new Error(`face index holds ${this.dims}-d vectors, got ${dims}`);
    this.dims = dims;
    const p = this.params;
    this.index ??= new this.usearch.Index({
      dimensions: dims, metric: 'cos', quantization: p.quantization, connectivity: p.connectivity, expansion_add: p.expansionAdd, expansion_search: p.expansionSearch, multi: false,
    });
    return this.index;
  }

  private own(rid: string, nikHash: string): number {
    const key = this.ridOf.length;
    this.ridOf.push(rid);
    this.nikHashOf.push(nikHash);
    const had = this.keysOf.get(rid);
    this.keysOf.set(rid, had === undefined ? key : typeof had === 'number' ? [had, key] : [...had, key]);
    this.live++;
    return key;
  }

  set(rid: string, nikHash: string, vectors: readonly Float32Array[]): void {
    this.remove(rid);
    if (vectors.length === 0) return;
    const idx = this.ensure(vectors[0]!.length);
    for (const v of vectors) idx.add(BigInt(this.own(rid, nikHash)), v);
  }

  /** Many at once (start-up rebuild, evaluation): vectors packed row by row, added on all cores. */
  addBatch(items: ReadonlyArray<{ rid: string; nikHash: string }>, packed: Float32Array, dims: number): void {
    if (items.length === 0) return;
    if (packed.length !== items.length * dims) throw new Error(`addBatch: ${items.length} items but ${packed.length / dims} vectors`);
    const idx = this.ensure(dims);
    const keys = new BigUint64Array(items.length);
    items.forEach((it, i) => {
      keys[i] = BigInt(this.own(it.rid, it.nikHash));
    });
    idx.add(keys, packed, this.opts.threads ?? 0);
  }

  remove(rid: string): void {
    const had = this.keysOf.get(rid);
    if (had === undefined) return;
    for (const k of typeof had === 'number' ? [had] : had) {
      this.index?.remove(BigInt(k));
      this.ridOf[k] = '';
      this.nikHashOf[k] = '';
      this.live--;
    }
    this.keysOf.delete(rid);
  }

  search(vector: Float32Array, k = 5): IndexHit[] {
    if (!this.index || this.live === 0) return [];
    // At least twice k: a registration with several templates takes several of the nearest slots.
    const m = this.index.search(vector, Math.min(Math.max(k * 2, this.params.searchCandidates), this.live), 1);
    const out: IndexHit[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < m.keys.length; i++) {
      const key = Number(m.keys[i]!);
      const rid = this.ridOf[key];
      if (!rid || seen.has(rid)) continue;
      seen.add(rid);
      out.push({ rid, nikHash: this.nikHashOf[key]!, distance: m.distances[i]! });
      if (out.length >= k) break;
    }
    return out;
  }

  setTemplates(rid: string, nikHash: string, templates: ReadonlyArray<{ vector: string }>): void {
    this.set(rid, nikHash, templates.map((t) => decodeTemplateVector(t.vector)));
  }
}

/** The server's duplicate index: HNSW, or the exact scan where usearch cannot load (same answers, slower at scale). */
export function createFaceIndex(opts: HnswOptions = {}): FaceSearchIndex {
  const usearch = loadUsearch();
  return usearch ? new HnswFaceIndex(usearch, opts) : new FaceIndex();
}
