// The composition root of the kiosk's trusted side: the real store, sync agent and face engine behind
// the gate service. Used by the Electron shell, the browser host (`npm start`) and the integration
// tests alike, so what the tests prove is what runs.
import { statfsSync } from 'node:fs';
import path from 'node:path';
import { createFaceEngine } from '../../models/engine/create';
import type { FaceEngine } from '../../models/engine/types';
import { SyncAgent, type SyncAgentOptions } from '../../sync/agent/sync-agent';
import { openKioskStore } from '../store';
import type { DataKeyStore, KioskStore } from '../store/types';
import type { FaceEngineSource, KioskPolicy } from '../kiosk/deps';
import type { LogEvent } from '../kiosk/event-log';
import { createEventLog } from '../kiosk/event-log';
import type { ApiError } from '../contract/kiosk-api';
import type { KioskService } from '../kiosk/service';
import { createKioskService } from '../kiosk/service';
import { fileSettings } from '../kiosk/settings-file';
import { syncPort } from './sync-port';

export interface ComposeOptions {
  dataDir: string;
  keyStore: DataKeyStore;
  appVersion: string;
  clock?: () => Date;
  /** the face engine: loaded from `weightsDir` (default), or given (tests), or 'none' (no engine: everyone is REFERred) */
  engine?: FaceEngine | 'load' | 'none';
  weightsDir?: string;
  /** run inference in a worker thread (default true) */
  engineInWorker?: boolean;
  policyOverrides?: Partial<KioskPolicy>;
  agentOptions?: Partial<Omit<SyncAgentOptions, 'store' | 'clock' | 'appVersion'>>;
  onExit?: () => void;
  logSink?: (e: LogEvent) => void;
}

export interface ComposedKiosk {
  service: KioskService;
  store: KioskStore;
  agent: SyncAgent;
  face: FaceEngineSource;
  /** resolves when the engine has loaded or failed to */
  engineSettled: Promise<void>;
  close(): Promise<void>;
}

export function engineFailure(err: unknown): ApiError {
  const e = err as { code?: string; bilingual?: { id: string; en: string }; message?: string };
  if (e && typeof e.code === 'string' && e.bilingual) return { code: e.code, message: e.bilingual };
  return { code: 'ENGINE_FAILED', message: { id: 'Mesin wajah gagal dimuat', en: `The face engine failed to load${e?.message ? `: ${e.message}` : ''}` } };
}

export async function composeKiosk(opts: ComposeOptions): Promise<ComposedKiosk> {
  const now = opts.clock ?? (() => new Date());
  const log = createEventLog({ now, ...(opts.logSink ? { sink: opts.logSink } : {}) });
  const store = openKioskStore({ path: path.join(opts.dataDir, 'kiosk.db'), keyStore: opts.keyStore, clock: { now } });
  const agent = new SyncAgent({ store, clock: { now }, appVersion: opts.appVersion, ...opts.agentOptions });
  agent.on('risk-rejected', (r) => log.warn('sync.risk_rejected', { code: r.code }));
  agent.on('revoked', (reason) => log.error('sync.revoked', { reason }));

  let engine: FaceEngine | null = null;
  let loadError: ApiError | null = null;
  let engineSettled: Promise<void> = Promise.resolve();
  const choice = opts.engine ?? 'load';
  if (choice === 'none') {
    loadError = { code: 'ENGINE_DISABLED', message: { id: 'Pemeriksaan wajah dimatikan', en: 'The face check is turned off' } };
  } else if (choice === 'load') {
    engineSettled = createFaceEngine({ ...(opts.weightsDir ? { weightsDir: opts.weightsDir } : {}), inWorker: opts.engineInWorker ?? true }).then(
      (e) => {
        engine = e;
        const st = e.status();
        log.info('engine.loaded', { ready: st.ready, backend: st.backend, detector: st.detector, model: st.recognitionModel, error: st.error?.code ?? null });
      },
      (err: unknown) => {
        loadError = engineFailure(err);
        log.error('engine.load_failed', { code: loadError.code, file: (err as { file?: string }).file ?? null });
      },
    );
  } else {
    engine = choice;
  }
  const face: FaceEngineSource = { get: () => engine, loadError: () => loadError };

  const sync = syncPort(agent, store, { appVersion: opts.appVersion, now: () => now().getTime() });
  const service = createKioskService({
    store,
    face,
    sync,
    settings: fileSettings(path.join(opts.dataDir, 'kiosk-settings.json')),
    clock: now,
    log,
    appVersion: opts.appVersion,
    ...(opts.policyOverrides ? { policyOverrides: opts.policyOverrides } : {}),
    ...(opts.onExit ? { onExit: opts.onExit } : {}),
    freeBytes: () => {
      try {
        const s = statfsSync(opts.dataDir);
        return s.bavail * s.bsize;
      } catch {
        return null;
      }
    },
  });
  if (store.getDeviceConfig()) sync.start();
  log.info('kiosk.started', { provisioned: store.getDeviceConfig() !== null, appVersion: opts.appVersion });

  return {
    service,
    store,
    agent,
    face,
    engineSettled,
    async close() {
      service.close();
      await agent.stop();
      await engineSettled;
      // Only an engine we loaded is ours to close.
      if (choice === 'load') await (engine as FaceEngine | null)?.close();
      store.close();
    },
  };
}
