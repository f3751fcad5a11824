// What the gate service needs from the outside world, as narrow ports. The real store, face engine and
// sync agent are wired in compose.ts; tests wire the same real pieces with a movable clock.
import type { ApiError } from '../contract/kiosk-api';
import type { FaceEngine } from '../../models/engine/types';
import type { KioskStore } from '../store/types';
import type { Clock } from '../../sync/protocol/clock';
import type { VenuePolicy } from '../../sync/protocol/venue-policy';
import type { EventLog } from './event-log';

/** The face engine may still be loading, or may have failed to load (missing/altered weights). */
export interface FaceEngineSource {
  get(): FaceEngine | null;
  /** why there is no engine, if it failed to load */
  loadError(): ApiError | null;
  /**
   * resolves once the load under way has settled (loaded or failed) or after `timeoutMs`, whichever comes
   * first; at once when nothing is loading. Absent: the source never loads (a fixed engine or none).
   */
  settled?(timeoutMs: number): Promise<void>;
}

export interface SyncView {
  online: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
  clockOffsetMs: number | null;
  /** seconds since the live risk list was last known current (riskListAgeMs); null = no list */
  riskListAgeSeconds: number | null;
}

export type EnrolOutcome = { ok: true; gateName?: string | null } | { ok: false; error: ApiError };

/** What the gate needs from the sync agent. Never blocks a decision longer than `lookupRegistration`'s timeout. */
export interface KioskSyncPort {
  /** enrol against a city server with a one-time code; on success the store holds the device config */
  enrol(serverUrl: string, code: string): Promise<EnrolOutcome>;
  /** on-demand registration lookup for a visitor not cached; stores it; 'offline' when the server did not answer in time */
  lookupRegistration(nikHash: string): Promise<'found' | 'not-found' | 'offline'>;
  /** start the background loops after provisioning (idempotent) */
  start(): void;
  /** tell the sync agent something was queued; `alert` (a DENY of a CONFIRMED/SUSPECT person) goes out at once */
  syncNow(alert?: boolean): void;
  status(): SyncView;
  /**
   * a visitor is being checked (true: scan; false: decided or abandoned): the agent's background risk list
   * apply waits meanwhile, within a bound (electron/app/give-way.ts); optional (no-op without a thread)
   */
  visitorAtGate?(active: boolean): void;
}

/** Settings the kiosk keeps itself (not from the server): PIN hashes and the chosen camera. */
export interface KioskSettings {
  adminPinHash: string | null;
  /** when null the admin PIN also unlocks the staff panel */
  staffPinHash: string | null;
  cameraId: string | null;
  /** the gate's display name from enrolment (the store keeps only its id) */
  gateName: string | null;
}

export interface SettingsPort {
  load(): KioskSettings;
  save(settings: KioskSettings): void;
}

/**
 * Venue policy the kiosk enforces: the city's VenuePolicy (the gate rules' policy, the face-check knobs,
 * the capacity share), from its signed policy, else the server's, else the defaults. Nothing kiosk-local.
 */
export type KioskPolicy = VenuePolicy;

export interface KioskDeps {
  store: KioskStore;
  face: FaceEngineSource;
  sync: KioskSyncPort;
  settings: SettingsPort;
  clock: Clock;
  log: EventLog;
  appVersion: string;
  /** local policy overrides (e.g. the demo or a site config), applied over the server's policy */
  policyOverrides?: Partial<KioskPolicy>;
  /** the host leaves kiosk mode (Electron: quit); absent in the browser host */
  onExit?: () => void;
  /**
   * how long a scan made while the face engine is still loading waits for it before answering
   * ENGINE_LOADING (default ENGINE_WAIT_MS in scan-flow.ts)
   */
  engineWaitMs?: number;
  /** free disk bytes where the DB lives, null if unknown */
  freeBytes?: () => number | null;
}
