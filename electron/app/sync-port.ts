// Adapts the sync agent (sync/agent) to the narrow port the gate service uses: enrolment with bilingual
// failures, the on-demand registration lookup (bounded by the agent's short timeout), and a status view.
// The agent may run on this thread or on its own (sync-thread.ts): the port does not know which.
import type { SyncAgentHandle } from './sync-thread';
import type { SyncStorePort } from '../../sync/agent/ports';
import type { KioskSyncPort } from '../kiosk/deps';
import type { VisitorSignal } from './give-way';

export function syncPort(agent: Pick<SyncAgentHandle, 'lookupRegistration' | 'start' | 'notifyRecorded' | 'status'>, store: SyncStorePort, opts: { appVersion: string; now: () => number; onEnrolled?: () => void; visitor?: VisitorSignal }): KioskSyncPort {
  let started = false;
  return {
    async enrol(serverUrl, code) {
      // loaded on first use: enrolment's HTTP client (axios) is not needed to start the kiosk's screens
      const { enrol, ProvisioningError } = await import('../../sync/agent/enrol');
      try {
        const r = await enrol(store, serverUrl, code, { appVersion: opts.appVersion, now: opts.now });
        opts.onEnrolled?.();
        return { ok: true, gateName: r.gateName };
      } catch (err) {
        if (err instanceof ProvisioningError) return { ok: false, error: { code: `PROVISION_${err.code}`, message: { ...err.messages } } };
        return { ok: false, error: { code: 'PROVISION_FAILED', message: { id: 'Pendaftaran kios gagal', en: 'Kiosk enrolment failed' } } };
      }
    },
    async lookupRegistration(nikHash) {
      const r = await agent.lookupRegistration(nikHash);
      if (r.kind === 'found') return 'found';
      if (r.kind === 'not_registered') return 'not-found';
      return 'offline';
    },
    start() {
      if (started) return;
      started = true;
      agent.start();
    },
    syncNow(alert = false) {
      agent.notifyRecorded({ alert });
    },
    visitorAtGate(active) {
      opts.visitor?.active(active);
    },
    status() {
      const s = agent.status();
      return { online: s.online, lastSyncAt: s.lastSuccessfulSyncAt, lastError: s.lastError ? `${s.lastError.code} @ ${s.lastError.at}` : null, clockOffsetMs: s.clockOffsetMs, riskListAgeSeconds: s.riskListAgeSeconds };
    },
  };
}
