// The changes between two versions of the risk list, read straight off their snapshot bytes.
//
// Why bytes and not entries: a 1M-entry list is ~85 MB of snapshot lines. Parsing the previous version
// back into 1M objects and comparing 2M strings took most of a 10,000-change publication (issue 14:
// ≤ 2 s). Both sides are already in the snapshot line format ("+\t<64 hex>\t<status>\t<date>\n",
// ascending by hash), so a merge over the two byte strings finds the changes with memcmp, and only the
// lines that differ are ever turned into objects. Equal runs are skipped a block at a time.
import type { RiskChange, RiskEntry } from '../../protocol/risk-feed';
import type { RiskStatus } from '../../protocol/risk-status';

export interface RiskDiff {
  /** sorted by nikHash */
  changes: RiskChange[];
  /** the entries of the previous version that a change removes or replaces, by nikHash (for the set hash update) */
  replaced: Map<string, RiskEntry>;
  added: number;
  changed: number;
  removed: number;
  /** lines in the previous version */
  beforeCount: number;
}

const NL = 0x0a;
const HASH_START = 2; // after "+\t"
const HASH_END = HASH_START + 64;
/** Bytes compared at once while the two versions agree (a few dozen lines). */
const BLOCK = 4096;

function concat(chunks: readonly Uint8Array[]): Buffer {
  return chunks.length === 1 ? Buffer.from(chunks[0]!.buffer, chunks[0]!.byteOffset, chunks[0]!.byteLength) : Buffer.concat(chunks);
}

function lineEnd(buf: Buffer, start: number, side: string): number {
  const end = buf.indexOf(NL, start + HASH_END);
  if (buf[start] !== 0x2b || buf[start + 1] !== 0x09 || end < 0) throw new Error(`${side} snapshot is damaged at byte ${start}: not a snapshot line`);
  return end;
}

function entryAt(buf: Buffer, start: number, end: number): RiskEntry {
  const [nikHash, status, validUntil] = buf.toString('latin1', start + HASH_START, end).split('\t') as [string, RiskStatus, string];
  return { nikHash, status, validUntil };
}

function countLines(buf: Buffer): number {
  let n = 0;
  for (let k = buf.indexOf(NL); k >= 0; k = buf.indexOf(NL, k + 1)) n++;
  return n;
}

/**
 * Changes turning the snapshot `before` into the snapshot `after` (each given as its chunks' bytes, in
 * order), sorted by nikHash: '-' for a removed hash, '+' for an added one or one whose line changed.
 */
export function diffSnapshots(before: readonly Uint8Array[], after: readonly Uint8Array[]): RiskDiff {
  const a = concat(before), b = concat(after);
  const changes: RiskChange[] = [];
  const replaced = new Map<string, RiskEntry>();
  let added = 0, changed = 0, removed = 0;
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    // Fast path: the next block is byte-identical on both sides; jump to its last line boundary.
    if (i + BLOCK <= a.length && j + BLOCK <= b.length && a.compare(b, j, j + BLOCK, i, i + BLOCK) === 0) {
      const last = a.lastIndexOf(NL, i + BLOCK - 1);
      if (last >= i) {
        const step = last + 1 - i;
        i += step;
        j += step;
        continue;
      }
    }
    if (j >= b.length) {
      const ea = lineEnd(a, i, 'previous');
      const old = entryAt(a, i, ea);
      changes.push({ op: '-', nikHash: old.nikHash });
      replaced.set(old.nikHash, old);
      removed++;
      i = ea + 1;
      continue;
    }
    if (i >= a.length) {
      const eb = lineEnd(b, j, 'new');
      changes.push({ op: '+', ...entryAt(b, j, eb) });
      added++;
      j = eb + 1;
      continue;
    }
    const order = a.compare(b, j + HASH_START, j + HASH_END, i + HASH_START, i + HASH_END);
    const ea = lineEnd(a, i, 'previous'), eb = lineEnd(b, j, 'new');
    if (order < 0) {
      const old = entryAt(a, i, ea);
      changes.push({ op: '-', nikHash: old.nikHash });
      replaced.set(old.nikHash, old);
      removed++;
      i = ea + 1;
    } else if (order > 0) {
      changes.push({ op: '+', ...entryAt(b, j, eb) });
      added++;
      j = eb + 1;
    } else {
      if (ea - i !== eb - j || a.compare(b, j + HASH_END, eb, i + HASH_END, ea) !== 0) {
        const old = entryAt(a, i, ea);
        changes.push({ op: '+', ...entryAt(b, j, eb) });
        replaced.set(old.nikHash, old);
        changed++;
      }
      i = ea + 1;
      j = eb + 1;
    }
  }
  return { changes, replaced, added, changed, removed, beforeCount: countLines(a) };
}
