// Retention: acknowledged visits go after `retentionDays` (the tracing window); visits the server has
// not acknowledged are never purged — as the oldest of them nears the retention age, staff get an alert
// so someone fixes the sync before the city's tracing window is at risk. The same hourly round tells staff
// when the risk list is stale.
import { riskListAgeMs } from '../../sync/protocol/risk-list-age';
import type { LocalAlerts } from './alerts';
import type { StoreContext } from './context';
import { nowMs } from './context';
import { DEFAULT_RETENTION_DAYS, type DeviceConfigRepo } from './device-config';
import type { RiskListRepo } from './risk-list';
import type { PurgeReport } from './types';
import type { VisitsRepo } from './visits';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** the gate rules warn after 24 h; staff see the same threshold */
export const RISK_LIST_STALE_AFTER_MS = 24 * HOUR_MS;
/** how long resolved local alerts are kept */
const RESOLVED_ALERT_KEEP_DAYS = 30;

/** warn this long before retention: 2 days, or half the retention for very short periods */
export function retentionWarningAgeMs(retentionDays: number): number {
  return Math.max(retentionDays - 2, retentionDays / 2) * DAY_MS;
}

/**
 * Raises RISK_LIST_STALE while the live list is missing, older than 24 h or past its expiry; resolves it otherwise.
 * The age runs from the list's issue or, if later, from when a signed head last confirmed it current
 * (`confirmedAt`): a list that has not changed for days is not stale while the server keeps confirming it.
 */
export function checkRiskListFreshness(now: number, risk: RiskListRepo, alerts: LocalAlerts, confirmedAt: string | null = null): boolean {
  const meta = risk.meta();
  const ageMs = riskListAgeMs(meta && { issuedAt: meta.issuedAt, confirmedAt }, now) ?? Number.POSITIVE_INFINITY;
  const expired = meta !== null && Date.parse(meta.expiresAt) <= now;
  if (meta !== null && ageMs <= RISK_LIST_STALE_AFTER_MS && !expired) {
    alerts.resolve('RISK_LIST_STALE');
    return false;
  }
  const hours = Number.isFinite(ageMs) ? Math.floor(ageMs / HOUR_MS) : null;
  alerts.raise({
    code: 'RISK_LIST_STALE',
    severity: expired || meta === null ? 'critical' : 'warning',
    message: meta === null
      ? { id: 'Belum ada daftar risiko di kios ini; periksa koneksi sinkronisasi.', en: 'This kiosk has no risk list yet; check the sync connection.' }
      : {
          id: `Daftar risiko versi ${meta.version} berumur ${hours} jam${expired ? ' dan sudah kedaluwarsa' : ''}; periksa koneksi sinkronisasi.`,
          en: `Risk list version ${meta.version} is ${hours} hours old${expired ? ' and has expired' : ''}; check the sync connection.`,
        },
    detail: { version: meta?.version ?? null, ageHours: hours, expired },
  });
  return true;
}

export function purgeExpired(
  ctx: StoreContext, config: DeviceConfigRepo, visits: VisitsRepo, alerts: LocalAlerts, risk: RiskListRepo, riskConfirmedAt: () => string | null = () => null,
): PurgeReport {
  const retentionDays = config.get()?.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const now = nowMs(ctx);
  const report = ctx.db.transaction((): PurgeReport => {
    const autoCheckedOut = visits.autoCheckOut();
    const visitsPurged = visits.purgeAckedBefore(now - retentionDays * DAY_MS);
    alerts.purgeResolvedBefore(now - RESOLVED_ALERT_KEEP_DAYS * DAY_MS);
    const unackedNearRetention = visits.countUnackedBefore(now - retentionWarningAgeMs(retentionDays));
    let retentionAlertRaised = false;
    if (unackedNearRetention > 0) {
      const oldest = visits.oldestUnackedMs();
      const ageDays = oldest === null ? 0 : Math.floor((now - oldest) / DAY_MS);
      alerts.raise({
        code: 'RETENTION_NEAR',
        severity: 'critical',
        message: {
          id: `${unackedNearRetention} kunjungan belum terkirim ke server, yang tertua ${ageDays} hari (batas simpan ${retentionDays} hari). Periksa koneksi sinkronisasi.`,
          en: `${unackedNearRetention} visits not yet sent to the server, the oldest ${ageDays} days old (retention ${retentionDays} days). Check the sync connection.`,
        },
        detail: { unacked: unackedNearRetention, oldestAgeDays: ageDays, retentionDays },
      });
      retentionAlertRaised = true;
    } else {
      alerts.resolve('RETENTION_NEAR');
    }
    // before enrolment there is no list to expect yet
    const riskListStale = config.get() === null ? false : checkRiskListFreshness(now, risk, alerts, riskConfirmedAt());
    return { visitsPurged, autoCheckedOut, unackedNearRetention, retentionAlertRaised, riskListStale };
  }).immediate();
  ctx.logger?.info('store.purge', { ...report });
  return report;
}
