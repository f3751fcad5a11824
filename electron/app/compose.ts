// The composition root of the kiosk's trusted side: the real store, sync agent and face engine behind
// the gate service. Used by the Electron shell, the browser host (`npm start`) and the integration
// tests alike, so what the tests prove is what runs.
import { statfsSync } from 'node:fs';
import path from 'node:path';
import type { FaceEngine } from '../../models/engine/types';
import type { SyncAgentOptions } from '../../sync/agent/sync-agent';
import { openKioskStore, startStoreHousekeeping } from '../store';
import type { DataKeyStore, KioskStore } from '../store/types';
import { systemClock, type Clock } from '../../sync/protocol/clock';
import type { FaceEngineSource, KioskPolicy } from '../kiosk/deps';
import type { LogEntry } from '../kiosk/event-log';
import { createEventLog } from '../kiosk/event-log';
import type { ApiError } from '../contract/kiosk-api';
import type { KioskService } from '../kiosk/service';
import { createKioskService } from '../kiosk/service';
import { fileSettings } from '../kiosk/settings-file';
import { syncPort } from './sync-port';
import { gateConnection } from './gate-connection';
import { SyncAgentThread, type SyncAgentHandle, type ThreadAgentOptions } from './sync-thread';
import { SHARED_BYTES, sharedViews } from './sync-thread-protocol';
import { visitorSignal } from './give-way';
import { superviseEngine } from './engine-supervisor';
import { gateLookup } from './gate-lookup';
import { uploadPendingRegistrations, type RegistrationUploader } from './registration-uploader';

export interface ComposeOptions {
  dataDir: string;
  keyStore: DataKeyStore;
  appVersion: string;
  clock?: Clock;
  /**
   * the face engine: loaded from `weightsDir` (default), or given (tests), or 'none' (no engine: everyone is
   * REFERred), or loaded by the given function in the background like 'load' (tests hold the load back to
   * see what a visitor meets while the engine is still warming up)
   */
  engine?: FaceEngine | 'load' | 'none' | (() => Promise<FaceEngine>);
  weightsDir?: string;
  /**
   * the face engine starts loading, and the sync thread is created, once this settles (default: at once).
   * The shells pass "the first screen is up": the models' load (seconds of CPU) and the sync thread's start
   * then no longer compete with Chromium starting on a 2-core tablet, and no visitor can be at the gate
   * before the screen shows anyway (the gate's lookups do not need the sync thread: gate-lookup.ts)
   */
  warmUpAfter?: Promise<unknown>;
  /** run inference in a worker thread (default true) */
  engineInWorker?: boolean;
  policyOverrides?: Partial<KioskPolicy>;
  /** how long a scan waits for a face engine still loading (default 15 s, scan-flow.ts ENGINE_WAIT_MS) */
  engineWaitMs?: number;
  /** plain-data agent options (they cross to the agent's thread) */
  agentOptions?: ThreadAgentOptions;
  /**
   * where the sync agent runs: its own worker thread with its own connection to the database (default),
   * or this thread (the fault suite's in-process fleets and the bench's before/after comparison)
   */
  agentIn?: 'worker' | 'main';
  onExit?: () => void;
  /** runs on the opened store before the sync agent starts (e.g. the demo points it at this run's server) */
  prepare?: (store: KioskStore) => void;
  logSink?: (e: LogEntry) => void;
  /** told when each start-up step is done (the cold-start breakdown of the gate bench) */
  onStep?: (step: 'store.opened' | 'sync_thread.started' | 'service.ready') => void;
}

export interface ComposedKiosk {
  service: KioskService;
  store: KioskStore;
  agent: SyncAgentHandle;
  face: FaceEngineSource;
  /** resolves when the engine has loaded or failed to */
  engineSettled: Promise<void>;
  /** sends on-the-spot registrations now (also runs after every sync cycle) */
  registrations: RegistrationUploader;
  /** whether the gate is holding the agent's background apply back for a visitor now (give-way.ts) */
  visitorAtGate(): boolean;
  close(): Promise<void>;
}

export async function composeKiosk(opts: ComposeOptions): Promise<ComposedKiosk> {
  const clock = opts.clock ?? systemClock;
  const now = (): Date => clock.now();
  const log = createEventLog({ now, ...(opts.logSink ? { sink: opts.logSink } : {}) });
  const dbPath = path.join(opts.dataDir, 'kiosk.db');
  // One buffer shared with the agent's thread: the device clock's skew and the gate connection's busy
  // counter (the agent's long writes step aside while the gate is in a store call).
  const shared = new SharedArrayBuffer(SHARED_BYTES);
  // The gate's connection never checkpoints inside its own commits (a visit would wait for a checkpoint of a
  // list being applied); the agent's thread and the idle housekeeping checkpoint do it.
  const store = gateConnection(openKioskStore({ path: dbPath, keyStore: opts.keyStore, clock, logger: log, ...(opts.agentIn === 'main' ? {} : { walAutoCheckpoint: 0 }) }), sharedViews(shared).gateBusy);
  opts.onStep?.('store.opened');
  let agent: SyncAgentHandle;
  try {
    // The sync thread starts in the background: waiting for it (its own module load and store connection,
    // 0.5–2 s on this hardware) held the first screen back at every start, and the gate does not need it to
    // decide (it reads its own connection; the agent's calls queue on the worker's port until it is up).
    agent = opts.agentIn === 'main'
      ? new (await import('../../sync/agent/sync-agent')).SyncAgent({ store, clock, log, appVersion: opts.appVersion, ...(opts.agentOptions as Partial<SyncAgentOptions>) })
      : SyncAgentThread.startInBackground({
          dbPath, keyStore: opts.keyStore, appVersion: opts.appVersion, log, depths: store, shared,
          // the gate's on-demand lookup from this thread: the worker may be busy applying a list for seconds
          lookup: gateLookup({ store, appVersion: opts.appVersion, serverNowMs: () => agent.serverNowMs(), ...(opts.agentOptions?.ca ? { ca: opts.agentOptions.ca } : {}) }),
          ...(opts.agentOptions ? { agentOptions: opts.agentOptions } : {}),
          ...(opts.clock ? { clock: opts.clock } : {}),
        }, opts.warmUpAfter);
  } catch (err) {
    store.close();
    throw err;
  }
  // the agent logs its own events (offline periods, dead letters, risk lists, revocation) through `log`,
  // on its thread too: the worker forwards each line here
  opts.onStep?.('sync_thread.started');

  const choice = opts.engine ?? 'load';
  let face: FaceEngineSource;
  let engineSettled: Promise<void> = Promise.resolve();
  let closeEngine = async (): Promise<void> => undefined;
  if (choice === 'none') {
    const off: ApiError = { code: 'ENGINE_DISABLED', message: { id: 'Pemeriksaan wajah dimatikan', en: 'The face check is turned off' } };
    face = { get: () => null, loadError: () => off };
  } else if (choice === 'load' || typeof choice === 'function') {
    const supervisor = superviseEngine({
      // the engine's modules (onnxruntime, sharp) load with it, in the background, not before the first screen
      load: typeof choice === 'function' ? choice : async () => (await import('../../models/engine/create')).createFaceEngine({ ...(opts.weightsDir ? { weightsDir: opts.weightsDir } : {}), inWorker: opts.engineInWorker ?? true }),
      ...(opts.warmUpAfter ? { startAfter: opts.warmUpAfter } : {}),
      log,
      now: () => now().getTime(),
    });
    face = supervisor;
    engineSettled = supervisor.firstAttempt;
    closeEngine = () => supervisor.close();
  } else {
    // An engine handed in (tests) belongs to the caller, who closes it.
    face = { get: () => choice, loadError: () => null };
  }

  const registrations = uploadPendingRegistrations({ store, agent, log, appVersion: opts.appVersion });
  agent.on('cycle', () => void registrations.run());
  // scan → decision raises the flag the agent's thread gives way to (give-way.ts)
  const sync = syncPort(agent, store, { appVersion: opts.appVersion, now: () => now().getTime(), visitor: visitorSignal(sharedViews(shared).visitor) });
  const service = createKioskService({
    store,
    face,
    sync,
    settings: fileSettings(path.join(opts.dataDir, 'kiosk-settings.json')),
    clock,
    log,
    appVersion: opts.appVersion,
    ...(opts.policyOverrides ? { policyOverrides: opts.policyOverrides } : {}),
    ...(opts.engineWaitMs !== undefined ? { engineWaitMs: opts.engineWaitMs } : {}),
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
  opts.prepare?.(store);
  // retention purge, automatic check-out, retention/stale-list alerts (hourly) and idle WAL checkpoints
  const housekeeping = startStoreHousekeeping(store, { logger: log });
  if (store.getDeviceConfig()) sync.start();
  log.info('kiosk.started', { provisioned: store.getDeviceConfig() !== null, appVersion: opts.appVersion });
  opts.onStep?.('service.ready');

  return {
    service,
    store,
    agent,
    face,
    engineSettled,
    registrations,
    visitorAtGate: () => Atomics.load(sharedViews(shared).visitor, 0) !== 0,
    async close() {
      service.close();
      registrations.stop();
      await agent.stop();
      await closeEngine();
      housekeeping.stop();
      store.close();
    },
  };
}
