// Answers "since version N": the signed head, and a delta chain, a snapshot, or nothing.
import { RISK_DIGEST_ALG, RISK_HEAD_FORMAT, RISK_MANIFEST_FORMAT, EMPTY_SET_DIGEST, signHead, signManifest } from '../../protocol/risk-feed';
import type { RiskUpdatesResponse, SignedRiskManifest } from '../../protocol/api/risk';
import type { Clock } from '../../protocol/clock';
import type { ServerConfig } from '../config';
import type { CityKeys } from '../keys';
import type { ServerStore } from '../store/types';

/**
 * Manifests are signed at publication; one served with less than half its validity left, or signed by
 * a key no longer published, is re-signed with a fresh expiry (same content and issuedAt).
 */
function fresh(m: SignedRiskManifest, keys: CityKeys, now: number, ttlMs: number): SignedRiskManifest {
  // a manifest of an older format (stored before an upgrade) is served as it is: kiosks refuse it
  if ((m.manifest.format as string) !== RISK_MANIFEST_FORMAT) return m;
  const published = keys.publicKeys().some((k) => k.keyId === m.keyId);
  if (published && Date.parse(m.manifest.expiresAt) - now > ttlMs / 2) return m;
  return signManifest({ ...m.manifest, expiresAt: new Date(now + ttlMs).toISOString() }, keys.activeSigningKey());
}

export async function riskUpdates(store: ServerStore, keys: CityKeys, clock: Clock, config: ServerConfig, since: number): Promise<RiskUpdatesResponse> {
  const now = clock.now().getTime();
  const ttl = config.riskManifestTtlDays * 86_400_000;
  const latest = await store.latestRiskVersion(config.riskListId);
  // A version published before digestAlg existed (sha256 over the sorted set) is named as such: kiosks
  // refuse it until the list is published again (see the server README).
  const digestAlg = latest ? ((latest.snapshot.manifest as { digestAlg?: string }).digestAlg ?? 'sha256-sorted') : RISK_DIGEST_ALG;
  const head = signHead({
    format: RISK_HEAD_FORMAT, listId: config.riskListId, version: latest?.version ?? 0, entryCount: latest?.entryCount ?? 0, digestAlg,
    setDigest: latest?.setDigest ?? EMPTY_SET_DIGEST, publishedAt: latest ? new Date(latest.publishedAt).toISOString() : null,
    issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + config.riskHeadTtlHours * 3600_000).toISOString(),
  }, keys.activeSigningKey());
  if (!latest || since === latest.version) return { head, mode: 'current', manifests: [] };
  if (since > 0 && since < latest.version) {
    const oldest = await store.oldestDeltaVersion(config.riskListId);
    if (oldest !== null && since + 1 >= oldest) {
      const chain = await store.riskVersionsAfter(config.riskListId, since);
      const lines = chain.reduce((n, v) => n + (v.delta?.manifest.changeCount ?? Infinity), 0);
      // A long chain of big deltas costs more than the snapshot: then send the snapshot.
      if (chain.every((v) => v.delta !== null) && lines < Math.max(latest.entryCount, 1000)) {
        return { head, mode: 'delta', manifests: chain.map((v) => fresh(v.delta!, keys, now, ttl)) };
      }
    }
  }
  return { head, mode: 'snapshot', manifests: [fresh(latest.snapshot, keys, now, ttl)] };
}
