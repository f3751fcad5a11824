// Dinkes' live priority alerts: a CONFIRMED or SUSPECT person denied at a gate. The list is loaded once
// and then kept current by the server's event stream (no reload); each alert can be acknowledged and
// assigned to a health officer picked from the list of the caller's own agency (the server refuses any
// other account). The server decides who may see this (health only) and sends no NIK.
import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { ConsoleAlert, HealthOfficer } from '../../../../protocol/api/console';
import { formatWib } from '../../../../protocol/wib-time';
import { ApiFailure, api } from './api';
import { useT } from './i18n';
import './pages.css';
import type { Bi } from './i18n';

const W = {
  heading: { id: 'Peringatan prioritas', en: 'Priority alerts' },
  intro: {
    id: 'Orang berstatus TERKONFIRMASI atau SUSPEK yang ditolak di gerbang. Peringatan baru muncul sendiri tanpa memuat ulang.',
    en: 'CONFIRMED or SUSPECT persons denied at a gate. New alerts appear by themselves, without reloading.',
  },
  live: { id: 'Tersambung langsung', en: 'Live' },
  offline: { id: 'Terputus, menyambung ulang…', en: 'Disconnected, reconnecting…' },
  none: { id: 'Belum ada peringatan dalam 7 hari terakhir.', en: 'No alerts in the last 7 days.' },
  when: { id: 'Waktu', en: 'When' },
  venue: { id: 'Tempat', en: 'Venue' },
  gate: { id: 'Gerbang', en: 'Gate' },
  status: { id: 'Status', en: 'Status' },
  handling: { id: 'Penanganan', en: 'Handling' },
  acknowledge: { id: 'Tandai diterima', en: 'Acknowledge' },
  acknowledged: { id: 'Diterima oleh', en: 'Acknowledged by' },
  assignTo: { id: 'Tugaskan ke petugas', en: 'Assign to officer' },
  pickOfficer: { id: '— pilih petugas —', en: '— pick an officer —' },
  noOfficers: { id: 'Tidak ada petugas kesehatan aktif di instansi Anda.', en: 'No active health officer in your agency.' },
  assign: { id: 'Tugaskan', en: 'Assign' },
  assigned: { id: 'Ditugaskan ke', en: 'Assigned to' },
  newAlert: { id: 'Peringatan baru', en: 'New alert' },
  CONFIRMED: { id: 'TERKONFIRMASI', en: 'CONFIRMED' },
  SUSPECT: { id: 'SUSPEK', en: 'SUSPECT' },
} satisfies Record<string, Bi>;

type Alert = ConsoleAlert;

/**
 * Newest first, one row per id (the first load and the stream may both carry an alert). A stream event
 * is the alert as received, without handling: it never erases handling already shown.
 */
function merge(list: Alert[], incoming: Alert[]): Alert[] {
  const byId = new Map(list.map((a) => [a.id, a]));
  for (const a of incoming) {
    const e = byId.get(a.id);
    byId.set(a.id, e ? {
      ...a, acknowledgedAt: a.acknowledgedAt ?? e.acknowledgedAt, acknowledgedBy: a.acknowledgedBy ?? e.acknowledgedBy,
      assignedTo: a.assignedTo ?? e.assignedTo, assignedToName: a.assignedTo ? a.assignedToName : e.assignedToName,
    } : a);
  }
  return [...byId.values()].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || b.id.localeCompare(a.id));
}

export function AlertsPage() {
  const t = useT();
  const [alerts, setAlerts] = useState<Alert[] | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [live, setLive] = useState(false);
  const [announce, setAnnounce] = useState('');
  const [officers, setOfficers] = useState<HealthOfficer[]>([]);

  useEffect(() => {
    let closed = false;
    let es: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = () => api<{ alerts: Alert[] }>('GET', '/v1/console/alerts').then((d) => !closed && setAlerts((cur) => merge(cur ?? [], d.alerts)), (e: unknown) => {
      if (!closed) setError(e instanceof ApiFailure ? e : new ApiFailure(0, 'error', { id: 'Kesalahan', en: 'Error' }));
    });
    void load();
    // whom an alert may be assigned to: read once for the page, not once per row
    api<{ officers: HealthOfficer[] }>('GET', '/v1/console/alerts/officers').then((d) => !closed && setOfficers(d.officers), () => undefined);
    const connect = () => {
      es = new EventSource('/v1/console/alerts/stream');
      // The stream sends what arrives while it is open, nothing from before: each (re)connection reads
      // the list again, so an alert received while the network or the server was away is not missed.
      es.onopen = () => {
        setLive(true);
        setError(null);
        void load();
      };
      es.onerror = () => {
        setLive(false);
        if (es?.readyState !== EventSource.CLOSED || closed) return;
        // The browser gave up on the stream (it answered other than 200: the session ended, or the server
        // refused). Ask once more by a normal request: a 401 takes the console back to its login form
        // (api.ts); anything else, try the stream again shortly, never leave a dead page saying "live".
        api('GET', '/v1/console/alerts?limit=1').then(() => true, (e: unknown) => !(e instanceof ApiFailure && e.status === 401)).then((again) => {
          if (again && !closed) retry = setTimeout(connect, 5000);
        });
      };
      es.addEventListener('alert', (ev) => {
        const a = JSON.parse((ev as MessageEvent<string>).data) as Alert;
        setAlerts((cur) => merge(cur ?? [], [a]));
        setAnnounce(`${a.venueName}, ${a.gateName}: ${a.riskStatus}`);
      });
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(retry);
      es?.close();
    };
  }, []);

  const handled = useCallback((a: Alert) => setAlerts((cur) => (cur ?? []).map((x) => (x.id === a.id ? a : x))), []);

  if (error?.status === 403) return <><h2>{t(W.heading)}</h2><p role="alert" className="error forbidden">{t({ id: 'Akses ditolak: peran Anda tidak boleh membuka halaman ini.', en: 'Access denied: your role may not open this page.' })}</p></>;
  return (
    <>
      <h2>{t(W.heading)}</h2>
      <p className="muted">{t(W.intro)}</p>
      <p className={live ? 'ok' : 'muted'} data-testid="alert-stream-state">{live ? `● ${t(W.live)}` : `○ ${t(W.offline)}`}</p>
      {/* screen readers hear a new alert without moving focus */}
      <p aria-live="assertive" className="visually-hidden">{announce ? `${t(W.newAlert)}: ${announce}` : ''}</p>
      {error && <p role="alert" className="error">{t(error.bilingual)}</p>}
      {!alerts && !error && <p role="status">{t({ id: 'Memuat…', en: 'Loading…' })}</p>}
      {alerts && alerts.length === 0 && <p>{t(W.none)}</p>}
      {alerts && alerts.length > 0 && (
        <table className="alerts">
          <thead>
            <tr><th scope="col">{t(W.when)}</th><th scope="col">{t(W.venue)}</th><th scope="col">{t(W.gate)}</th><th scope="col">{t(W.status)}</th><th scope="col">{t(W.handling)}</th></tr>
          </thead>
          <tbody>
            {alerts.map((a) => (
              <tr key={a.id} data-alert-id={a.id} className={a.acknowledgedAt ? '' : 'flagged'}>
                <td>{formatWib(a.occurredAt)}</td>
                <td>{a.venueName}</td>
                <td>{a.gateName}</td>
                <td><strong className={`risk risk-${a.riskStatus.toLowerCase()}`}>{t(W[a.riskStatus])}</strong></td>
                <td><Handling alert={a} officers={officers} onDone={handled} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Handling({ alert, officers, onDone }: { alert: Alert; officers: HealthOfficer[]; onDone: (a: Alert) => void }) {
  const t = useT();
  const [error, setError] = useState<Bi | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (body: { acknowledge?: true; assignTo?: string }) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await api<Alert>('POST', `/v1/console/alerts/${alert.id}/handle`, body));
    } catch (e) {
      setError(e instanceof ApiFailure ? e.bilingual : { id: 'Server tidak terjangkau', en: 'Server unreachable' });
    } finally {
      setBusy(false);
    }
  };
  const assign = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const who = String(new FormData(e.currentTarget).get('assignTo') ?? '');
    if (who) void send({ assignTo: who });
  };
  const field = `assign-${alert.id}`;
  return (
    <div className="handling">
      {alert.acknowledgedAt
        ? <span>✓ {t(W.acknowledged)} {alert.acknowledgedBy} ({formatWib(alert.acknowledgedAt)})</span>
        : <button type="button" disabled={busy} onClick={() => void send({ acknowledge: true })}>{t(W.acknowledge)}</button>}
      {alert.assignedTo && <span data-testid="assigned-to"> · {t(W.assigned)} {alert.assignedToName ?? alert.assignedTo}</span>}
      {officers.length === 0
        ? <p className="muted">{t(W.noOfficers)}</p>
        : (
          <form onSubmit={assign}>
            <label htmlFor={field}>{t(W.assignTo)}</label>
            {/* keyed by the assignee so the list shows who has it now after each change */}
            <select id={field} name="assignTo" key={alert.assignedTo ?? ''} defaultValue={alert.assignedTo ?? ''} required>
              <option value="" disabled>{t(W.pickOfficer)}</option>
              {officers.map((o) => <option key={o.id} value={o.username}>{o.displayName === o.username ? o.username : `${o.displayName} (${o.username})`}</option>)}
            </select>
            <button type="submit" disabled={busy}>{t(W.assign)}</button>
          </form>
        )}
      {error && <p role="alert" className="error">{t(error)}</p>}
    </div>
  );
}
