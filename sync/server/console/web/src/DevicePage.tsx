// One kiosk: its health as last reported and its history from the audit log (enrolment, policy
// versions applied, revocation), for the venue's people, its sector agency, the city admin and auditors.
import { useEffect, useState } from 'react';
import type { DeviceHistory } from '../../../../protocol/api/console-fleet';
import { ApiFailure, api } from './api';
import { EVENT_LABELS, F, fill } from './fleet-i18n';
import { useLang } from './fleet-lang';
import { T } from './i18n';

export function DevicePage({ deviceId }: { deviceId: string }) {
  const { t, when } = useLang();
  const [data, setData] = useState<DeviceHistory | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  useEffect(() => {
    api<DeviceHistory>('GET', `/v1/console/devices/${deviceId}/history`).then(setData, (e: unknown) => setError(e instanceof ApiFailure ? e : new ApiFailure(0, 'error', { id: 'Kesalahan', en: 'Error' })));
  }, [deviceId]);
  if (error) return <p role="alert" className="error">{error.status === 403 ? t(T.forbidden) : t(error.bilingual)}</p>;
  if (!data) return <p role="status">{t(T.loading)}</p>;
  const d = data.device;
  const rows: Array<[string, string]> = [
    [t(F.status), `${d.status}${d.revokedAt ? ` (${t(F.revoked)} ${when(d.revokedAt)})` : ''}`],
    [t(F.gate), d.gateName ?? d.gateId],
    [t(F.enrolledAt), when(d.enrolledAt)],
    [t(F.lastHeartbeat), when(d.lastHeartbeatAt)],
    [t(F.lastSync), when(d.lastSyncAt)],
    [t(F.outbox), d.queueDepth === null ? '—' : String(d.queueDepth)],
    [t(F.deadLetters), d.deadLetterCount === null ? '—' : String(d.deadLetterCount)],
    [t(F.riskAge), d.riskListAgeSeconds === null ? '—' : `${Math.round(d.riskListAgeSeconds / 360) / 10} h${d.riskListVersion !== null ? ` · v${d.riskListVersion}` : ''}`],
    [t(F.kioskPolicy), d.policyVersion === null ? '—' : `v${d.policyVersion}`],
    [t(F.appVersion), d.appVersion ?? '—'],
    [t(F.problems), d.problems.join('; ') || t(F.none)],
  ];
  return (
    <>
      <p><a href={`/console/venue/${data.venueId}`}>← {t(F.manage)}</a></p>
      <h2>{fill(t(F.deviceTitle), { name: d.name ?? d.deviceId.slice(0, 8) })}</h2>
      <dl className="facts">{rows.map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}</dl>
      <h3>{t(F.events)}</h3>
      {data.events.length === 0 ? <p>{t(F.noEvents)}</p> : (
        <table>
          <thead><tr><th scope="col">{t(F.when)}</th><th scope="col">{t(F.event)}</th><th scope="col">{t(F.by)}</th><th scope="col">{t(F.detail)}</th></tr></thead>
          <tbody>
            {data.events.map((e) => (
              <tr key={e.seq}>
                <td>{when(e.at)}</td>
                <td>{EVENT_LABELS[e.action] ? t(EVENT_LABELS[e.action]!) : e.action}</td>
                <td>{e.actorName ?? '—'}{e.actorRole ? ` (${e.actorRole})` : ''}</td>
                <td>{Object.entries(e.details).map(([k, v]) => `${k}: ${String(v)}`).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
