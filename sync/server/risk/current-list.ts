import { parseChunk } from '../../protocol/risk-feed';
import type { RiskEntry } from '../../protocol/risk-feed';
import type { ServerStore } from '../store/types';

/** The current set as entries, read back from the latest version's stored snapshot chunks (for republishing and tools). */
export async function currentRiskEntries(store: Pick<ServerStore, 'currentRiskSnapshot'>, listId: string): Promise<RiskEntry[]> {
  const out: RiskEntry[] = [];
  for (const bytes of await store.currentRiskSnapshot(listId)) {
    const parsed = parseChunk(bytes, 'snapshot');
    if (!parsed.ok) throw new Error(`stored snapshot chunk is damaged: ${parsed.detail}`);
    for (const c of parsed.value) if (c.op === '+') out.push({ nikHash: c.nikHash, status: c.status, validUntil: c.validUntil });
  }
  return out;
}
