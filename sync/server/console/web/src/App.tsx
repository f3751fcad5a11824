// The console shell: login, a navigation of the pages the role may open, and the pages themselves.
// Which data a page shows is decided by the server (roles and jurisdiction); a page outside the role
// gets the server's 403 and says so.
import { Suspense, lazy, useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { ConsoleRole } from '../../../../protocol/console/roles';
import { ROLES, VENUE_CATEGORY_LABELS } from '../../../../protocol/console/roles';
import type { ConsoleMe, OverviewResponse, SessionResponse } from '../../../../protocol/api/console';
import { ApiFailure, SIGNED_OUT_EVENT, api, setCsrf } from './api';
import { AlertsPage } from './AlertsPage';
import { RiskListPage } from './RiskListPage';
import { CasesPage } from './CasesPage';
import { AgenciesPage, ApiKeysPage, UsersPage, VenuesPage } from './AdminPages';
import { ReviewsPage, W as REVIEW_WORDS } from './ReviewsPage';
import { LangContext, T, useT } from './i18n';
import { DevicePage } from './DevicePage';
import { Loaded, UNREACHABLE, useLoad } from './load-state';
import { F, kioskHealthText } from './fleet-i18n';
import { fleetRoute } from './fleet-route';
import './fleet.css';
import type { Bi, Lang } from './i18n';

// The venue page carries the chart library: loaded only when a venue is opened.
const VenuePage = lazy(() => import('./VenuePage').then((m) => ({ default: m.VenuePage })));

type Page = 'alerts' | 'risk' | 'cases' | 'reviews' | 'overview' | 'users' | 'venues' | 'audit' | 'agencies' | 'keys';
const PAGES: Array<{ page: Page; label: Bi; roles: ConsoleRole[] }> = [
  { page: 'alerts', label: T.alerts, roles: ['health'] },
  { page: 'risk', label: T.riskList, roles: ['health', 'city-admin', 'auditor'] },
  { page: 'cases', label: T.cases, roles: ['health', 'auditor'] },
  { page: 'reviews', label: REVIEW_WORDS.nav, roles: ['health'] },
  { page: 'overview', label: T.overview, roles: ['city-admin', 'health', 'sector', 'venue-manager', 'auditor'] },
  { page: 'users', label: T.users, roles: ['city-admin', 'auditor'] },
  { page: 'venues', label: T.venues, roles: ['city-admin', 'health', 'sector', 'venue-manager', 'auditor'] },
  { page: 'audit', label: T.audit, roles: ['city-admin', 'auditor'] },
  { page: 'agencies', label: T.agencies, roles: ['city-admin', 'auditor'] },
  { page: 'keys', label: T.apiKeys, roles: ['city-admin', 'auditor'] },
];
const HOME: Record<ConsoleRole, Page> = { 'city-admin': 'users', health: 'alerts', sector: 'overview', 'venue-manager': 'overview', auditor: 'audit' };

const pageFromPath = (): Page | null => {
  const p = location.pathname.replace(/^\/console\/?/, '').split('/')[0];
  return PAGES.some((x) => x.page === p) ? (p as Page) : null;
};

export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('jejak-console-lang') === 'en' ? 'en' : 'id'));
  const [me, setMe] = useState<ConsoleMe | null | undefined>(undefined);
  const [page, setPage] = useState<Page | null>(pageFromPath());
  /** why the login form is shown again (the session ended while a page was open) */
  const [signedOut, setSignedOut] = useState<Bi | null>(null);

  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem('jejak-console-lang', lang);
  }, [lang]);
  useEffect(() => {
    api<SessionResponse>('GET', '/v1/console/me').then((s) => { setCsrf(s.csrfToken); setMe(s.user); }, () => setMe(null));
    const onPop = () => setPage(pageFromPath());
    const onSignedOut = (e: Event) => {
      setSignedOut((e as CustomEvent<Bi>).detail);
      setMe(null);
    };
    addEventListener('popstate', onPop);
    addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => {
      removeEventListener('popstate', onPop);
      removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
    };
  }, []);
  const go = useCallback((p: Page) => {
    history.pushState(null, '', `/console/${p}`);
    setPage(p);
  }, []);

  const t = (b: Bi) => b[lang];
  const current = me ? (page ?? HOME[me.role]) : null;
  const fleet = page ? null : fleetRoute();
  return (
    <LangContext.Provider value={lang}>
      <header className="top">
        <h1>{t(T.title)}</h1>
        <button type="button" className="link" onClick={() => setLang(lang === 'id' ? 'en' : 'id')} lang={lang === 'id' ? 'en' : 'id'}>{t(T.switchLang)}</button>
        {me && (
          <span className="who">
            {me.displayName} · {t(ROLES[me.role].label)}{' '}
            <button type="button" onClick={() => void api('POST', '/v1/console/logout', {}).finally(() => { setMe(null); setPage(null); history.pushState(null, '', '/console/'); })}>{t(T.logout)}</button>
          </span>
        )}
      </header>
      {me === undefined && <p role="status">{t(T.loading)}</p>}
      {me === null && <Login notice={signedOut} onDone={(s) => { setCsrf(s.csrfToken); setSignedOut(null); setMe(s.user); }} />}
      {me && current && (
        <div className="shell">
          <nav aria-label={t(T.mainNav)}>
            <ul>
              {PAGES.filter((p) => p.roles.includes(me.role)).map((p) => (
                <li key={p.page}><a href={`/console/${p.page}`} aria-current={p.page === current ? 'page' : undefined} onClick={(e) => { e.preventDefault(); go(p.page); }}>{t(p.label)}</a></li>
              ))}
            </ul>
          </nav>
          <main>
            {fleet?.kind === 'venue' && <Suspense fallback={<p role="status">{t(T.loading)}</p>}><VenuePage venueId={fleet.id} /></Suspense>}
            {fleet?.kind === 'device' && <DevicePage deviceId={fleet.id} />}
            {!fleet && current === 'alerts' && <AlertsPage />}
            {!fleet && current === 'risk' && <RiskListPage canPublish={me.role === 'health'} />}
            {!fleet && current === 'cases' && <CasesPage canOpen={me.role === 'health'} />}
            {!fleet && current === 'reviews' && <ReviewsPage />}
            {!fleet && current === 'overview' && <Overview />}
            {!fleet && current === 'users' && <UsersPage canEdit={me.role === 'city-admin'} />}
            {!fleet && current === 'venues' && <VenuesPage canEdit={me.role === 'city-admin'} />}
            {!fleet && current === 'audit' && <Audit />}
            {!fleet && current === 'agencies' && <AgenciesPage canEdit={me.role === 'city-admin'} />}
            {!fleet && current === 'keys' && <ApiKeysPage canEdit={me.role === 'city-admin'} />}
          </main>
        </div>
      )}
    </LangContext.Provider>
  );
}

function Login({ onDone, notice }: { onDone: (s: SessionResponse) => void; notice: Bi | null }) {
  const t = useT();
  const [error, setError] = useState<Bi | null>(null);
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    try {
      onDone(await api<SessionResponse>('POST', '/v1/console/login', { username: String(f.get('username')), password: String(f.get('password')), ...(needTotp ? { totp: String(f.get('totp')) } : {}) }));
    } catch (err) {
      if (err instanceof ApiFailure && err.code === 'totp_required') setNeedTotp(true);
      setError(err instanceof ApiFailure ? err.bilingual : UNREACHABLE);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login">
      <h2>{t(T.login)}</h2>
      {notice && !error && <p role="status" className="error">{t(notice)}</p>}
      <form onSubmit={(e) => void submit(e)}>
        <label>{t(T.username)}<input name="username" autoComplete="username" required /></label>
        <label>{t(T.password)}<input name="password" type="password" autoComplete="current-password" required /></label>
        {needTotp && <label>{t(T.totp)}<input name="totp" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" required /></label>}
        <button type="submit" disabled={busy}>{t(T.login)}</button>
        {error && <p role="alert" className="error">{t(error)}</p>}
      </form>
    </main>
  );
}

/** Loads a page's data; a 403 from the server shows the access-denied notice. */
const ago = (iso: string | null) => (iso ? `${Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60_000))} min` : '—');

function Overview() {
  const t = useT();
  const state = useLoad<OverviewResponse>('/v1/console/overview');
  return (
    <>
      <h2>{t(T.overview)}</h2>
      <Loaded state={state}>
        {(d) => d.venues.length === 0 ? <p>{t(T.noVenues)}</p> : (
          <div className="cards">
            {d.venues.map((v) => (
              <section key={v.id} className={`card${v.noWorkingKiosk ? ' warn' : ''}`} aria-labelledby={`v-${v.id}`}>
                <h3 id={`v-${v.id}`}>{v.name}</h3>
                <p className="muted">{t(VENUE_CATEGORY_LABELS[v.category])} · {v.address}</p>
                <p className="big">{t(T.present)}: <strong>{v.present}</strong> / {v.capacity} <span className="muted">({Math.round((100 * v.present) / v.capacity)}%)</span></p>
                <meter min={0} max={v.capacity} value={v.present} aria-label={`${t(T.present)} ${v.name}`} />
                <p>{t(T.entriesToday)}: {v.entriesToday} · <a href={`/console/venue/${v.id}`}>{t(F.manage)}<span className="sr-only"> {v.name}</span></a></p>
                {v.noWorkingKiosk && <p className="flag">⚠ {t(T.noWorkingKiosk)}</p>}
                {v.kiosks.length > 0 && (
                  <table>
                    <caption>{t(T.kiosks)}</caption>
                    <thead><tr><th scope="col">{t(T.name)}</th><th scope="col">{t(T.status)}</th><th scope="col">{t(T.lastSeen)}</th><th scope="col">{t(T.queue)}</th><th scope="col">{t(T.riskAge)}</th><th scope="col">{t(T.version)}</th></tr></thead>
                    <tbody>
                      {v.kiosks.map((k) => (
                        <tr key={k.deviceId} className={k.status === 'ok' ? '' : 'flagged'}>
                          <td>{k.name ?? k.gateId}</td><td>{kioskHealthText(k.status, k.problems, t)}</td><td>{ago(k.lastSeenAt)}</td>
                          <td>{k.queueDepth ?? '—'}</td><td>{k.riskListAgeSeconds === null ? '—' : `${Math.round(k.riskListAgeSeconds / 3600)} h`}</td><td>{k.appVersion ?? '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
            ))}
          </div>
        )}
      </Loaded>
    </>
  );
}

interface AuditRow { seq: number; at: string; actorName: string | null; actorRole: string | null; action: string; target: string | null; address: string | null }
function Audit() {
  const t = useT();
  const state = useLoad<{ entries: AuditRow[]; chain: { ok: boolean; count: number; badSeq: number | null } }>('/v1/console/audit?limit=200');
  return (
    <>
      <h2>{t(T.audit)}</h2>
      <Loaded state={state}>
        {(d) => (
          <>
            <p className={d.chain.ok ? 'ok' : 'error'} role="status">{d.chain.ok ? `✓ ${t(T.chainOk)} (${d.chain.count})` : `✗ ${t(T.chainBad)} ${d.chain.badSeq}`}</p>
            <p><a href="/v1/console/audit?format=csv&limit=5000" download>{t(T.exportCsv)}</a></p>
            <table>
              <thead><tr><th scope="col">#</th><th scope="col">{t(T.when)}</th><th scope="col">{t(T.who)}</th><th scope="col">{t(T.action)}</th><th scope="col">{t(T.target)}</th><th scope="col">{t(T.from)}</th></tr></thead>
              <tbody>{d.entries.map((e) => <tr key={e.seq}><td>{e.seq}</td><td>{new Date(e.at).toLocaleString()}</td><td>{e.actorName ?? '—'}{e.actorRole ? ` (${e.actorRole})` : ''}</td><td>{e.action}</td><td>{e.target ?? '—'}</td><td>{e.address ?? '—'}</td></tr>)}</tbody>
            </table>
          </>
        )}
      </Loaded>
    </>
  );
}
