// The gate's on-demand registration lookup, made from the gate's own thread and connection rather than by
// the sync agent's thread. Why: while that thread applies a first 1M-entry risk list its event loop is
// busy for seconds at a time, so a lookup posted to it came back only at the gate's deadline (gate bench,
// fresh kiosk during its snapshot: QR → REFER NOT_REGISTERED after the full 1.6 s timeout for a person the
// city knows). The lookup is one signed GET and, when found, one small upsert on the gate's connection
// (which the agent's sliced writes step aside for); its answer is verified exactly as the agent verifies it.
import type { HttpClient } from '../../sync/agent/http-client';
import { lookupRegistration, type LookupResult } from '../../sync/agent/registrations';
import type { SyncStorePort } from '../../sync/agent/ports';
import { signRequest } from '../../sync/protocol/http-signature';

export interface GateLookupOptions {
  store: SyncStorePort;
  appVersion: string;
  /** server time as the agent corrects it (signatures are dated with it) */
  serverNowMs: () => number;
  /** the agent's TLS options, so this request trusts exactly what the agent's do */
  ca?: string | Buffer;
}

export function gateLookup(opts: GateLookupOptions): (nikHash: string, timeoutMs: number) => Promise<LookupResult> {
  let client: HttpClient | null = null;
  let clientFor = '';
  return async (nikHash, timeoutMs) => {
    const cfg = opts.store.getDeviceConfig();
    if (!cfg) return { kind: 'unavailable', reason: 'NOT_ENROLLED' };
    const key = `${cfg.serverUrl}|${(cfg.fallbackServerUrls ?? []).join(' ')}|${cfg.deviceId}|${cfg.devicePublicKey}`;
    if (!client || clientFor !== key) {
      // loaded on first use: the HTTP client (axios) is not needed to start the kiosk's screens
      const { HttpClient } = await import('../../sync/agent/http-client');
      client = new HttpClient({
        baseUrl: cfg.serverUrl,
        fallbackUrls: cfg.fallbackServerUrls ?? [],
        timeoutMs,
        now: opts.serverNowMs,
        userAgent: `jejak-kiosk/${opts.appVersion}`,
        ...(opts.ca ? { ca: opts.ca } : {}),
        signer: ({ method, url, headers, body }) =>
          signRequest({ method, url, body: body ?? '', keyId: cfg.deviceId, privateKey: cfg.devicePrivateKey, created: Math.floor(opts.serverNowMs() / 1000), headers }),
      });
      clientFor = key;
    }
    try {
      return await lookupRegistration(opts.store, client, nikHash, timeoutMs);
    } catch {
      return { kind: 'unavailable', reason: 'ERROR' };
    }
  };
}
