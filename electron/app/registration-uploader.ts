// Sends the registrations made on the spot at this kiosk to the city server (POST
// /v1/registrations/pending, signed as the device), after each sync cycle. Once the server has one,
// the store deletes its plain NIK, name copy and selfie; the local template keeps the person passing.
// A refused one stays queued (nothing personal is thrown away silently) and raises a staff alert.
// Kept beside the agent rather than in it: it needs only the agent's HTTP door and clock.
import type { SyncAgentHandle } from './sync-thread';
import type { PendingRegistrationUpload } from '../../sync/protocol/api/registrations';
import { signRequest } from '../../sync/protocol/http-signature';
import type { KioskStore } from '../store/types';
import type { EventLog } from '../kiosk/event-log';
import { toEngineTemplate } from '../kiosk/templates';

/** Version of the consent sentence the registration screen shows (sent with each registration). */
export const CONSENT_TEXT_VERSION = 'kiosk-consent-2026-11';

export interface RegistrationUploader {
  /** one pass over the queue; resolves to how many the server took */
  run(): Promise<number>;
  stop(): void;
}

export function uploadPendingRegistrations(opts: { store: KioskStore; agent: Pick<SyncAgentHandle, 'serverNowMs'>; log: EventLog; appVersion: string; timeoutMs?: number }): RegistrationUploader {
  const { store, agent, log } = opts;
  let running: Promise<number> | null = null;
  let stopped = false;

  async function pass(): Promise<number> {
    const cfg = store.getDeviceConfig();
    if (!cfg || store.pendingRegistrationCount() === 0) return 0;
    // loaded on first use: the HTTP client (axios) is not needed to start the kiosk's screens
    const { HttpClient } = await import('../../sync/agent/http-client');
    const client = new HttpClient({
      baseUrl: cfg.serverUrl,
      fallbackUrls: cfg.fallbackServerUrls ?? [],
      timeoutMs: opts.timeoutMs ?? 5000,
      now: () => agent.serverNowMs(),
      userAgent: `jejak-kiosk/${opts.appVersion}`,
      signer: ({ method, url, headers, body }) =>
        signRequest({ method, url, body: body ?? '', keyId: cfg.deviceId, privateKey: cfg.devicePrivateKey, created: Math.floor(agent.serverNowMs() / 1000), headers }),
    });
    let taken = 0;
    for (const p of store.nextPendingRegistrations(20)) {
      if (stopped) break;
      const body: PendingRegistrationUpload = {
        id: p.id,
        nik: p.nik,
        name: p.displayName,
        consent: { given: true, at: p.consentAt, textVersion: CONSENT_TEXT_VERSION },
        template: toEngineTemplate(p.template),
        capturedAt: p.createdAt,
      };
      const res = await client.call('pendingRegistration', { body });
      if (!res.ok && res.kind === 'answer') {
        log.warn('registration.upload_bad_answer', { id: p.id });
        continue;
      }
      if (!res.ok) {
        log.warn('registration.upload_failed', { id: p.id, status: res.kind === 'http' ? res.status : res.code });
        if (res.kind === 'network') break;
        continue;
      }
      if (res.data.status === 'accepted' || res.data.status === 'duplicate') {
        store.ackPendingRegistration(p.id, res.data.rid ?? p.id);
        taken += 1;
        log.info('registration.uploaded', { id: p.id, status: res.data.status });
      } else {
        log.warn('registration.refused', { id: p.id, status: res.data.status, reason: res.data.reason ?? null });
        store.raiseAlert({
          code: 'REGISTRATION_REFUSED',
          severity: 'warning',
          message: { id: 'Server menolak pendaftaran di tempat; data tetap di kios. Hubungi petugas TI', en: 'The server refused an on-the-spot registration; it stays on the kiosk. Contact IT staff' },
          detail: { id: p.id, status: res.data.status, reason: res.data.reason ?? null },
          dedupeKey: `REGISTRATION_REFUSED:${p.id}`,
        });
      }
    }
    return taken;
  }

  return {
    run() {
      if (stopped) return Promise.resolve(0);
      running ??= pass()
        .catch((err: unknown) => {
          log.error('registration.upload_error', { error: err });
          return 0;
        })
        .finally(() => {
          running = null;
        });
      return running;
    },
    stop() {
      stopped = true;
    },
  };
}
