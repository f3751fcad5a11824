// Reads a pairs file (`kind pathA pathB`, tab-separated, header line, paths relative to the file).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Pair {
  kind: 'genuine' | 'impostor';
  a: string;
  b: string;
}

export function readPairs(file: string): { pairs: Pair[]; images: string[]; root: string } {
  const root = path.dirname(path.resolve(file));
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim().length > 0);
  const pairs: Pair[] = [];
  lines.forEach((line, i) => {
    const cols = line.split('\t');
    if (i === 0 && cols[0] === 'kind') return;
    const [kind, a, b] = cols;
    if ((kind !== 'genuine' && kind !== 'impostor') || !a || !b) throw new Error(`${file}:${i + 1}: expected "genuine|impostor<TAB>pathA<TAB>pathB"`);
    pairs.push({ kind, a, b });
  });
  const images = [...new Set(pairs.flatMap((p) => [p.a, p.b]))].sort();
  return { pairs, images, root };
}

/** Identity of an image: its folder (LFW layout `<Name>/<Name>_NNNN.jpg`). */
export function identityOf(rel: string): string {
  const dir = path.dirname(rel);
  return dir === '.' ? path.basename(rel).replace(/_\d+\.[a-z]+$/i, '') : dir;
}
