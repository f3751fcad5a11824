// Diagnostics for staff and IT: sync, queue, risk list, face engine, camera, storage, version,
// alerts; export of logs (the trusted side writes them without personal data).
import { useCallback, useState } from 'react';
import type { ApiError, KioskApi, KioskState } from '../../../electron/contract/kiosk-api';
import { Button } from '../components/Button';
import { KeyboardField } from '../components/KeyboardField';
import { ErrorNotice, InfoNotice } from '../components/Notice';
import { TopBar } from '../components/TopBar';
import { useLanguage } from '../i18n/LanguageContext';
import { isStaffAuthError } from '../lib/auth-error';
import { useStaffQuery } from '../lib/use-staff-query';
import { formatAgo, formatBytes, formatTime } from '../lib/format';

interface DiagnosticsProps {
  api: KioskApi;
  state: KioskState | null;
  token: string;
  onBack: () => void;
  onAuthError: (e: ApiError) => void;
  now?: () => number;
}

export function Diagnostics({ api, state, token, onBack, onAuthError, now = Date.now }: DiagnosticsProps) {
  const { t, pick, lang } = useLanguage();
  const fetchDiagnostics = useCallback(() => api.diagnostics({ token }), [api, token]);
  const { data, error, setError, reload: load } = useStaffQuery(fetchDiagnostics, onAuthError, 3000);
  const [info, setInfo] = useState<string | null>(null);
  const [exitPin, setExitPin] = useState('');

  const exportLogs = async () => {
    const res = await api.exportLogs({ token });
    if (!res.ok) return isStaffAuthError(res.error.code) ? onAuthError(res.error) : setError(res.error);
    const url = URL.createObjectURL(new Blob([res.value.text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = res.value.fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setInfo(t('exported', { file: res.value.fileName }));
  };

  const s = data?.sync;
  const rows: [string, string, string][] = data
    ? [
        ['sync', t('syncState'), s!.online ? t('online') : t('offlineShort')],
        ['queue', t('queueDepth'), String(s!.queueDepth)],
        ['dead', t('deadLetters'), String(s!.deadLetters)],
        ['last-sync', t('lastSync'), s!.lastSyncAt ? `${formatTime(s!.lastSyncAt, lang)} (${formatAgo(s!.lastSyncAt, now(), lang) ?? ''})` : t('never')],
        ['last-error', t('lastError'), s!.lastError ?? t('none')],
        ['clock', t('clockOffset'), s!.clockOffsetMs === null ? '—' : `${Math.round(s!.clockOffsetMs)} ms`],
        ['risk', t('riskList'), s!.riskListVersion === null ? t('none') : t('riskListValue', { v: s!.riskListVersion, h: (s!.riskListAgeHours ?? 0).toFixed(1) })],
        [
          'engine',
          t('modelBackend'),
          `${data.engine.backend ?? '—'} · ${data.engine.ready ? t('ready') : t('notReady')}${data.engine.msPerFrame !== null ? ` · ${t('msPerFrame', { ms: Math.round(data.engine.msPerFrame) })}` : ''}${data.engine.error ? ` · ${pick(data.engine.error.message)}` : ''}`,
        ],
        ['camera', t('cameraFps'), data.cameraFps === null ? '—' : t('fpsValue', { fps: data.cameraFps })],
        ['storage', t('storage'), t('storageValue', { db: formatBytes(data.storage.dbBytes), free: formatBytes(data.storage.freeBytes) })],
        ['version', t('appVersion'), data.appVersion],
        ['device', t('deviceId'), data.deviceId ?? '—'],
        ...(data.policy
          ? ([
              ['policy', t('venuePolicy'), data.policy.version > 0 && data.policy.issuedAt ? t('venuePolicyCity', { v: data.policy.version, at: formatTime(data.policy.issuedAt, lang) }) : t('venuePolicyDefault')],
              ['policy-values', t('venuePolicyValues'), Object.entries(data.policy.values).map(([k, v]) => `${k}: ${String(v)}`).join(' · ')],
              // then one row per rule in words, age limits and opening hours included (absent from an older trusted side)
              ...(data.policy.rules ?? []).map((r) => [`policy-${r.field}`, pick(r.label), pick(r.value)]),
            ] as [string, string, string][])
          : []),
      ]
    : [];

  return (
    <div className="screen diagnostics">
      <TopBar state={state} />
      <main className="diag-body">
        <div className="staff-head">
          <h1>{t('diagTitle')}</h1>
          <div className="staff-head-actions">
            <Button variant="secondary" onClick={() => void load()}>
              {t('refresh')}
            </Button>
            <Button variant="secondary" onClick={() => void exportLogs()}>
              {t('exportLogs')}
            </Button>
            <Button onClick={onBack}>{t('back')}</Button>
          </div>
        </div>
        <ErrorNotice error={error} />
        <InfoNotice message={info} />
        <dl className="diag-list">
          {rows.map(([key, label, value]) => (
            <div key={key} className="diag-row" data-key={key}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <h2>{t('alerts')}</h2>
        {data && data.alerts.length === 0 ? <p>{t('noAlerts')}</p> : null}
        <ul className="alerts">
          {(data?.alerts ?? []).map((a, i) => (
            <li key={`${a.at}-${i}`} data-code={a.code}>
              <span className="decision-time">{formatTime(a.at, lang)}</span> <code>{a.code}</code> {pick(a.message)}
            </li>
          ))}
        </ul>
        <form
          className="exit-form"
          onSubmit={(e) => {
            e.preventDefault();
            void api.exitKiosk({ pin: exitPin }).then((res) => {
              setExitPin('');
              if (!res.ok) setError(res.error);
            });
          }}
        >
          <KeyboardField id="exit-pin" label={t('exitKioskPin')} layout="digits" type="password" maxLength={8} value={exitPin} onChange={setExitPin} />
          <Button type="submit" variant="danger" disabled={!/^\d{4,8}$/.test(exitPin)}>
            {t('exitKiosk')}
          </Button>
        </form>
      </main>
    </div>
  );
}
