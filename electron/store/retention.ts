// Retention: acknowledged visits go after `retentionDays` (the tracing window); visits the server has
// not acknowledged are never purged — as the oldest of them nears the retention age, staff get an alert
// so someone fixes the sync before the city's tracing window is at risk.
import type { LocalAlerts } from './alerts';
import type { StoreContext } from './context';
import { nowMs } from './context';
import { DEFAULT_RETENTION_DAYS, type DeviceConfigRepo } from './device-config';
import type { PurgeReport } from './types';
import type { VisitsRepo } from './visits';

const DAY_MS = 86_400_000;
/** how long resolved local alerts are kept */
const RESOLVED_ALERT_KEEP_DAYS = 30;

/** warn this long before retention: 2 days, or half the retention for very short periods */
export function retentionWarningAgeMs(retentionDays: number): number {
  return Math.max(retentionDays - 2, retentionDays / 2) * DAY_MS;
}

export function purgeExpired(ctx: StoreContext, config: DeviceConfigRepo, visits: VisitsRepo, alerts: LocalAlerts): PurgeReport {
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
    return { visitsPurged, autoCheckedOut, unackedNearRetention, retentionAlertRaised };
  }).immediate();
  ctx.logger?.info({ event: 'store.purge', ...report }, 'retention housekeeping done');
  return report;
}
