// What the screens render from: kiosk state (polled) and the diagnostics page (staff only).
import { statSync } from 'node:fs';
import type { Diagnostics, KioskState } from '../contract/kiosk-api';
import type { KioskContext } from './context';
import { riskListAgeMs } from '../../sync/protocol/risk-list-age';
import { medianOf } from './context';
import { effectiveCapacity } from './gate-decision';
import { MESSAGES } from './messages';
import { venuePolicyInForce } from './policy';
import { POLICY_FIELDS } from '../../sync/protocol/venue-policy';
import { POLICY_FIELD_LABELS, openingHoursWords, policyValueWords } from '../../sync/protocol/venue-policy-labels';

function engineView(ctx: KioskContext): KioskState['engine'] {
  const engine = ctx.deps.face.get();
  if (!engine) {
    const err = ctx.deps.face.loadError();
    return { ready: false, backend: null, error: err ?? { code: 'ENGINE_LOADING', message: { id: 'Mesin wajah sedang dimuat', en: 'The face engine is loading' } } };
  }
  const st = engine.status();
  if (st.ready) return { ready: true, backend: st.backend, error: null };
  return { ready: false, backend: null, error: st.error ? { code: st.error.code, message: st.error.message } : { code: 'ENGINE_UNAVAILABLE', message: MESSAGES.ENGINE_UNAVAILABLE } };
}

function syncView(ctx: KioskContext): KioskState['sync'] {
  const { store, sync } = ctx.deps;
  const s = sync.status();
  const meta = store.riskListMeta();
  const policy = ctx.policy();
  const ageMs = riskListAgeMs(meta, ctx.now().getTime());
  const age = ageMs === null ? null : Math.max(0, ageMs / 3_600_000);
  return {
    online: s.online,
    queueDepth: store.outboxDepth(),
    lastSyncAt: s.lastSyncAt,
    riskListVersion: meta?.version ?? null,
    riskListAgeHours: age === null ? null : Math.round(age * 10) / 10,
    riskListStale: age === null || age > policy.staleListWarnHours,
  };
}

export function kioskState(ctx: KioskContext): KioskState {
  const config = ctx.config();
  const policy = ctx.policy();
  const settings = ctx.deps.settings.load();
  let venue: KioskState['venue'] = null;
  if (config) {
    const occ = ctx.deps.store.occupancy();
    venue = { name: config.venueName ?? config.venueId, gateName: settings.gateName ?? config.gateId, mode: config.gateMode, capacity: effectiveCapacity(occ.capacity, policy.capacityPercent), occupancy: occ.current };
  }
  return {
    provisioned: config !== null,
    appVersion: ctx.deps.appVersion,
    venue,
    policy: { challenge: policy.challenge, requireFace: policy.requireFace, faceTimeoutSeconds: policy.faceTimeoutSeconds, resultSeconds: policy.resultSeconds },
    engine: engineView(ctx),
    sync: config ? syncView(ctx) : { online: false, queueDepth: 0, lastSyncAt: null, riskListVersion: null, riskListAgeHours: null, riskListStale: true },
    cameraId: settings.cameraId,
  };
}

export function diagnostics(ctx: KioskContext): Diagnostics {
  const { store, sync, freeBytes } = ctx.deps;
  const s = sync.status();
  let dbBytes = 0;
  for (const suffix of ['', '-wal']) {
    try {
      dbBytes += statSync(store.path + suffix).size;
    } catch {
      // no WAL file right now
    }
  }
  return {
    appVersion: ctx.deps.appVersion,
    deviceId: ctx.config()?.deviceId ?? null,
    sync: { ...syncView(ctx), lastError: s.lastError, clockOffsetMs: s.clockOffsetMs, deadLetters: store.listDeadLetters(1000).length },
    engine: { ...engineView(ctx), msPerFrame: medianOf(ctx.metrics.msPerFrame) },
    cameraFps: ctx.metrics.cameraFps,
    storage: { dbBytes, freeBytes: freeBytes?.() ?? null },
    alerts: store.listAlerts({ unresolvedOnly: true, limit: 20 }).map((a) => ({ at: a.lastRaisedAt, code: a.code, message: a.message })),
    policy: policyView(ctx),
  };
}

function policyView(ctx: KioskContext): NonNullable<Diagnostics['policy']> {
  const city = venuePolicyInForce(ctx.config()?.policy);
  const p = ctx.policy();
  const values = {
    requireFace: p.requireFace, requireLiveness: p.requireLiveness, requirePassive: p.requirePassive, challenge: p.challenge,
    staleListWarnHours: p.staleListWarnHours, staleListHardHours: p.staleListHardHours, staleListAction: p.staleListAction,
    closeContactAction: p.closeContactAction, capacityPercent: p.capacityPercent, faceTimeoutSeconds: p.faceTimeoutSeconds,
    resultSeconds: p.resultSeconds, minGoodFrames: p.minGoodFrames,
    // the issue 11 rules only when set (absent: no limit), the hours as one line
    ...(p.minAge !== undefined ? { minAge: p.minAge } : {}),
    ...(p.maxAge !== undefined ? { maxAge: p.maxAge } : {}),
    ...(p.openingHours !== undefined ? { openingHours: openingHoursWords(p.openingHours).en } : {}),
  };
  const rules = POLICY_FIELDS.map((field) => ({ field, label: POLICY_FIELD_LABELS[field], value: policyValueWords(field, p[field]) }));
  return { version: city?.version ?? 0, issuedAt: city?.issuedAt ?? null, values, rules };
}

/** IT's log bundle: diagnostics plus the event ring, already scrubbed of personal data. */
export function exportLogs(ctx: KioskContext): { fileName: string; text: string } {
  const now = ctx.now();
  const lines = [JSON.stringify({ kind: 'diagnostics', at: now.toISOString(), ...diagnostics(ctx) }), ...ctx.deps.log.entries().map((e) => JSON.stringify(e))];
  return { fileName: `jejak-kiosk-log-${now.toISOString().replace(/[:.]/g, '-')}.jsonl`, text: `${lines.join('\n')}\n` };
}
