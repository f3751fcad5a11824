import { parseChunk } from '../../protocol/risk-feed';
import type { RiskEntry } from '../../protocol/risk-feed';

/** The current set, read back from the stored snapshot chunks of the latest version. */
export function entriesFromSnapshotChunks(chunks: readonly Buffer[]): RiskEntry[] {
  const out: RiskEntry[] = [];
  for (const bytes of chunks) {
    const parsed = parseChunk(bytes, 'snapshot');
    if (!parsed.ok) throw new Error(`stored snapshot chunk is damaged: ${parsed.detail}`);
    for (const c of parsed.value) if (c.op === '+') out.push({ nikHash: c.nikHash, status: c.status, validUntil: c.validUntil });
  }
  return out;
}
