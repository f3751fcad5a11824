// One face, one NIK: a 1:N index of every live registration's face templates, kept in step with the
// registrations table (added/replaced/removed as the server writes it; rebuilt from the database at
// start, on both backends). This one is an exact scan over packed float32 rows: no approximation, the
// reference the HNSW index (face-index-hnsw.ts) is tested against, and the fallback where usearch's
// native binary cannot load. At 1M registrations it costs ~0.5 s per search, HNSW ~1 ms.
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

/** What the duplicate check needs of an index (exact scan or HNSW). */
export interface FaceSearchIndex {
  readonly size: number;
  /** Sets the registration's templates (replacing any it had). Vectors: L2-normalised. */
  set(rid: string, nikHash: string, vectors: readonly Float32Array[]): void;
  remove(rid: string): void;
  /** Convenience for wire templates (base64 float32). */
  setTemplates(rid: string, nikHash: string, templates: ReadonlyArray<{ vector: string }>): void;
  /** The nearest registrations, one hit per registration, nearest first. */
  search(vector: Float32Array, k?: number): IndexHit[];
}

export class FaceIndex implements FaceSearchIndex {
  private data = new Float32Array(0);
  private owners: Array<Owner | null> = [];
  private readonly rowsOf = new Map<string, number[]>();
  private free: number[] = [];
  private dims: number | null = null;
  private live = 0;

  get size(): number {
    return this.live;
  }

  private row(dims: number): number {
    if (this.dims !== null && this.dims !== dims) throw new Error(`face index holds ${this.dims}-d vectors, got ${dims}`);
    this.dims = dims;
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const r = this.owners.length;
    if ((r + 1) * dims > this.data.length) {
      const grown = new Float32Array(Math.max(1024 * dims, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.owners.push(null);
    return r;
  }

  set(rid: string, nikHash: string, vectors: readonly Float32Array[]): void {
    this.remove(rid);
    if (vectors.length === 0) return;
    const rows: number[] = [];
    for (const v of vectors) {
      const r = this.row(v.length);
      this.data.set(v, r * v.length);
      this.owners[r] = { rid, nikHash };
      rows.push(r);
      this.live++;
    }
    this.rowsOf.set(rid, rows);
  }

  remove(rid: string): void {
    const rows = this.rowsOf.get(rid);
    if (!rows) return;
    for (const r of rows) {
      this.owners[r] = null;
      this.free.push(r);
      this.live--;
    }
    this.rowsOf.delete(rid);
  }

  /** Convenience for wire templates (base64 float32). */
  setTemplates(rid: string, nikHash: string, templates: ReadonlyArray<{ vector: string }>): void {
    this.set(rid, nikHash, templates.map((t) => decodeTemplateVector(t.vector)));
  }

  search(vector: Float32Array, k = 5): IndexHit[] {
    const dims = this.dims;
    if (dims === null || this.live === 0) return [];
    const best = new Map<string, IndexHit>();
    const data = this.data;
    for (let r = 0; r < this.owners.length; r++) {
      const owner = this.owners[r];
      if (!owner) continue;
      let s = 0;
      const o = r * dims;
      for (let i = 0; i < dims; i++) s += data[o + i]! * vector[i]!;
      const d = 1 - s;
      const prev = best.get(owner.rid);
      if (!prev || d < prev.distance) best.set(owner.rid, { rid: owner.rid, nikHash: owner.nikHash, distance: d });
    }
    return [...best.values()].sort((a, b) => a.distance - b.distance).slice(0, k);
  }
}
