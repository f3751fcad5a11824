// Shared state of one running gate service: its ports plus the small in-memory parts (staff sessions,
// face sessions, recent decisions, camera fps). Each flow module takes this and does one job.
import type { DeviceConfig } from '../store/types';
import type { KioskDeps, KioskPolicy } from './deps';
import { resolvePolicy } from './policy';
import type { RecentDecisions } from './recent-decisions';
import { createRecentDecisions } from './recent-decisions';
import type { StaffAuth } from './staff-auth';
import { createStaffAuth } from './staff-auth';
import { KioskError } from './messages';

export interface KioskContext {
  deps: KioskDeps;
  auth: StaffAuth;
  recent: RecentDecisions;
  metrics: { cameraFps: number | null; msPerFrame: number[] };
  now(): Date;
  config(): DeviceConfig | null;
  /** the device config, or NOT_PROVISIONED */
  requireConfig(): DeviceConfig;
  policy(): KioskPolicy;
}

export function createContext(deps: KioskDeps): KioskContext {
  const now = (): Date => deps.clock.now();
  return {
    deps,
    auth: createStaffAuth({ now: () => now().getTime() }),
    recent: createRecentDecisions(),
    metrics: { cameraFps: null, msPerFrame: [] },
    now,
    config: () => deps.store.getDeviceConfig(),
    requireConfig() {
      const c = deps.store.getDeviceConfig();
      if (!c) throw KioskError.of('NOT_PROVISIONED');
      return c;
    },
    policy() {
      return resolvePolicy(deps.store.getDeviceConfig()?.policy, deps.policyOverrides);
    },
  };
}

/** Keeps the last n frame timings for the diagnostics' ms/frame median. */
export function noteFrameMs(ctx: KioskContext, ms: number): void {
  ctx.metrics.msPerFrame.push(ms);
  if (ctx.metrics.msPerFrame.length > 100) ctx.metrics.msPerFrame.shift();
}

export function medianOf(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
