// The duplicate check's HNSW index (usearch) answers as the exact scan does: on a seeded gallery of
// face-like vectors (clusters of "people", several templates each), the nearest registration and its
// distance agree with FaceIndex for every probe, and replacing / removing a registration changes both alike.
import { describe, expect, it } from 'vitest';
import { FaceIndex } from '../../sync/server/residents/face-index';
import { HnswFaceIndex, createFaceIndex, loadUsearch } from '../../sync/server/residents/face-index-hnsw';
import { mulberry32 } from '../../sync/server/residents/eval/distractors';

const D = 128;
const rand = mulberry32(12);
const normal = () => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-300))) * Math.cos(2 * Math.PI * rand());
const unit = (v: Float32Array) => {
  let n = 0;
  for (const x of v) n += x * x;
  return v.map((x) => x / Math.sqrt(n));
};
/** A person: a centre; their templates: the centre plus noise (as photos of one face scatter). */
const person = () => unit(Float32Array.from({ length: D }, normal));
const photo = (c: Float32Array, noise = 0.35) => unit(c.map((x) => x + (noise * normal()) / Math.sqrt(D)));

describe('HNSW face index against the exact scan', () => {
  const usearch = loadUsearch();
  it('loads usearch here (the server would fall back to the exact scan otherwise)', () => {
    expect(usearch).not.toBeNull();
    expect(createFaceIndex()).toBeInstanceOf(HnswFaceIndex);
  });

  it('finds the same nearest registration, at the same distance, for every probe of a seeded gallery', () => {
    const hnsw = new HnswFaceIndex(usearch!);
    const exact = new FaceIndex();
    const people = Array.from({ length: 1500 }, person);
    people.forEach((c, i) => {
      const templates = i % 3 === 0 ? [photo(c), photo(c)] : [photo(c)];
      hnsw.set(`r${i}`, `n${i}`, templates);
      exact.set(`r${i}`, `n${i}`, templates);
    });
    expect(hnsw.size).toBe(exact.size);
    let same = 0;
    for (let i = 0; i < people.length; i += 5) {
      const probe = photo(people[i]!);
      const [h] = hnsw.search(probe, 3);
      const [e] = exact.search(probe, 3);
      if (h!.rid === e!.rid && Math.abs(h!.distance - e!.distance) < 2e-3) same++;
      expect(h!.rid).toBe(`r${i}`);
    }
    expect(same).toBe(300);
  });

  it('replacing and removing a registration changes the answers as in the exact scan', () => {
    const hnsw = new HnswFaceIndex(usearch!);
    const exact = new FaceIndex();
    const a = person();
    const b = person();
    for (const idx of [hnsw, exact]) {
      idx.set('ra', 'na', [photo(a)]);
      idx.set('rb', 'nb', [photo(b)]);
    }
    // re-registration with a new face: the old one is no longer found under ra
    for (const idx of [hnsw, exact]) idx.set('ra', 'na', [photo(b)]);
    const probeA = photo(a);
    expect(hnsw.search(probeA, 2).map((h) => h.rid).sort()).toEqual(exact.search(probeA, 2).map((h) => h.rid).sort());
    expect(Math.min(...hnsw.search(probeA, 2).map((h) => h.distance))).toBeGreaterThan(0.5);
    // erasure
    for (const idx of [hnsw, exact]) idx.remove('rb');
    expect(hnsw.size).toBe(1);
    expect(hnsw.search(photo(b), 5).map((h) => h.rid)).toEqual(['ra']);
    expect(exact.search(photo(b), 5).map((h) => h.rid)).toEqual(['ra']);
    for (const idx of [hnsw, exact]) idx.remove('ra');
    expect(hnsw.search(probeA, 5)).toEqual([]);
  });
});
