// One venue for the people who run it: visits per hour, its entry policy (edited here, signed by the
// server, delivered to its kiosks), its kiosks with their health (revoke, history) and its gates with
// a one-time enrolment code on a printable sheet. What the caller may see and do is the server's call
// (jurisdiction and role); the page only hides buttons the server would refuse.
import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { EnrolmentCodeIssued, VenueDevices, VenuePolicyView } from '../../../../protocol/api/console-fleet';
import { POLICY_FIELD_LABELS, WEEKDAYS, WEEKDAY_LABELS, policyPathLabel } from '../../../../protocol/venue-policy-labels';
import type { PolicyFieldName } from '../../../../protocol/venue-policy-labels';
import { POLICY_NUMBER_BOUNDS } from '../../../../protocol/venue-policy-bounds';
import { ApiFailure, api } from './api';
import { EntriesChart } from './EntriesChart';
import { F, fill, kioskHealthText } from './fleet-i18n';
import { useLang } from './fleet-lang';
import { T } from './i18n';
import type { Bi } from './i18n';

type Policy = VenuePolicyView['policy'];
type LoadState<X> = { data: X | null; error: ApiFailure | null; reload: () => void };

function useApi<X>(path: string): LoadState<X> {
  const [data, setData] = useState<X | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    api<X>('GET', path).then((d) => { setData(d); setError(null); }, (e: unknown) => setError(e instanceof ApiFailure ? e : new ApiFailure(0, 'error', { id: 'Kesalahan', en: 'Error' })));
  }, [path, n]);
  return { data, error, reload: useCallback(() => setN((x) => x + 1), []) };
}

function Failure({ error }: { error: ApiFailure }) {
  const { t } = useLang();
  return <p role="alert" className="error">{error.status === 403 ? t(T.forbidden) : t(error.bilingual)}</p>;
}

const hours = (s: number | null) => (s === null ? '—' : `${Math.round(s / 360) / 10} h`);

export function VenuePage({ venueId }: { venueId: string }) {
  const { t } = useLang();
  const devices = useApi<VenueDevices>(`/v1/console/venues/${venueId}/devices`);
  const policy = useApi<VenuePolicyView>(`/v1/console/venues/${venueId}/policy`);
  const reloadAll = () => { devices.reload(); policy.reload(); };
  if (devices.error) return <Failure error={devices.error} />;
  if (!devices.data) return <p role="status">{t(T.loading)}</p>;
  const d = devices.data;
  return (
    <>
      <p><a href="/console/overview">{t(F.back)}</a></p>
      <h2>{d.venue.name}</h2>
      <p className="muted">{d.venue.address}</p>
      <EntriesChart venueId={venueId} />
      {policy.error ? <Failure error={policy.error} /> : policy.data ? <PolicyEditor view={policy.data} onSaved={reloadAll} /> : null}
      <Devices data={d} onChange={reloadAll} />
      <Gates data={d} />
    </>
  );
}

const ENUM_OPTIONS: Partial<Record<PolicyFieldName, Array<[string, Bi]>>> = {
  staleListAction: [['REFER', { id: 'Rujuk ke petugas', en: 'Refer to staff' }], ['ADMIT_WITH_FLAG', { id: 'Terima dengan tanda', en: 'Admit with a flag' }]],
  closeContactAction: [['DENY', { id: 'Tolak', en: 'Deny' }], ['REFER', { id: 'Rujuk ke petugas', en: 'Refer to staff' }]],
  challenge: [['blink', { id: 'Berkedip', en: 'Blink' }], ['turn', { id: 'Menoleh', en: 'Turn the head' }], ['none', { id: 'Tanpa tantangan', en: 'No challenge' }]],
};
const BOUNDS: Partial<Record<PolicyFieldName, readonly [number, number]>> = POLICY_NUMBER_BOUNDS;
const FIELD_ORDER: PolicyFieldName[] = [
  'capacityPercent', 'minAge', 'maxAge', 'requireFace', 'requireLiveness', 'requirePassive', 'challenge', 'closeContactAction',
  'staleListWarnHours', 'staleListHardHours', 'staleListAction', 'faceTimeoutSeconds', 'resultSeconds', 'minGoodFrames',
];
/** Limits that may be left unset (an empty box: no limit), sent without the key. */
const OPTIONAL_NUMBERS: Partial<Record<PolicyFieldName, readonly [number, number]>> = { minAge: POLICY_NUMBER_BOUNDS.minAge, maxAge: POLICY_NUMBER_BOUNDS.maxAge };
type Hours = NonNullable<Policy['openingHours']>;
const DEFAULT_DAY = { open: '08:00', close: '22:00' };
const H: Record<string, Bi> = {
  noLimit: { id: 'kosong = tidak dibatasi', en: 'empty = no limit' },
  limitHours: { id: 'Batasi jam buka (WIB)', en: 'Limit the opening hours (WIB)' },
  closed: { id: 'tutup', en: 'closed' },
  opens: { id: 'buka', en: 'opens' },
  closes: { id: 'tutup pukul', en: 'closes' },
  hoursHint: { id: 'JJ:MM, mis. 10:00 dan 22:00; tutup lewat tengah malam: 24:00 lalu 00:00 di hari berikutnya', en: 'HH:MM, e.g. 10:00 and 22:00; closing after midnight: 24:00, then 00:00 the next day' },
};

/** The opening hours: off (any time), or per weekday closed or one open–close span, checked by the server. */
function HoursEditor({ value, onChange, bad }: { value: Policy['openingHours']; onChange: (h: Policy['openingHours']) => void; bad: Set<string> }) {
  const { t } = useLang();
  const hours = value;
  const setDay = (d: (typeof WEEKDAYS)[number], v: Hours[typeof d]) => hours && onChange({ ...hours, [d]: v });
  return (
    <fieldset className="hours">
      <legend>{t(POLICY_FIELD_LABELS.openingHours)}</legend>
      <div className="field">
        <input id="policy-openingHours" type="checkbox" checked={hours !== undefined}
          onChange={(e) => onChange(e.target.checked ? (Object.fromEntries(WEEKDAYS.map((d) => [d, { ...DEFAULT_DAY }])) as Hours) : undefined)} />
        <label htmlFor="policy-openingHours">{t(H.limitHours!)}</label>
      </div>
      {hours && <p className="hint" id="policy-hours-hint">{t(H.hoursHint!)}</p>}
      {hours && WEEKDAYS.map((d) => {
        const day = hours[d];
        const id = `policy-hours-${d}`;
        const time = (which: 'open' | 'close') => (
          <input id={`${id}-${which}`} type="text" inputMode="numeric" placeholder="HH:MM" size={5} value={day ? day[which] : ''} disabled={!day}
            aria-label={`${t(WEEKDAY_LABELS[d])} ${t(which === 'open' ? H.opens! : H.closes!)}`} aria-describedby="policy-hours-hint"
            aria-invalid={bad.has(`openingHours.${d}.${which}`) || undefined}
            onChange={(e) => day && setDay(d, { ...day, [which]: e.target.value.trim() })} />
        );
        return (
          <div key={d} className={`field day${bad.has(`openingHours.${d}`) || bad.has(`openingHours.${d}.open`) || bad.has(`openingHours.${d}.close`) ? ' invalid' : ''}`}>
            <span className="day-name">{t(WEEKDAY_LABELS[d])}</span>
            <input id={`${id}-closed`} type="checkbox" checked={day === null} onChange={(e) => setDay(d, e.target.checked ? null : { ...DEFAULT_DAY })} />
            <label htmlFor={`${id}-closed`}>{t(H.closed!)}</label>
            {time('open')}–{time('close')}
          </div>
        );
      })}
    </fieldset>
  );
}

function PolicyEditor({ view, onSaved }: { view: VenuePolicyView; onSaved: () => void }) {
  const { t, when } = useLang();
  const [draft, setDraft] = useState<Policy>(view.policy);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(view.policy), [view]);
  const set = (k: PolicyFieldName, v: unknown) => setDraft((p) => ({ ...p, [k]: v }));
  const bad = new Set((error?.details ?? []).map((x) => x.path.replace(/^policy\./, '')));
  // a limit cleared in the form is left out of the request (absent: no limit), never sent as null
  const setOptional = (k: PolicyFieldName, v: unknown) => setDraft((p) => {
    const next = { ...p, [k]: v } as Record<string, unknown>;
    if (v === undefined) delete next[k];
    return next as Policy;
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const r = await api<VenuePolicyView>('POST', `/v1/console/venues/${view.venueId}/policy`, { policy: draft, baseVersion: view.version });
      setSaved(r.version);
      onSaved();
    } catch (err) {
      setError(err instanceof ApiFailure ? err : new ApiFailure(0, 'error', { id: 'Server tidak terjangkau', en: 'Server unreachable' }));
    } finally {
      setBusy(false);
    }
  };
  const latest = view.history[0];
  return (
    <section aria-labelledby="policy-h" className="panel">
      <h3 id="policy-h">{t(F.policy)}</h3>
      <p>{latest ? fill(t(F.policyVersion), { v: latest.version, at: when(latest.issuedAt), by: latest.issuedBy ?? '—' }) : t(F.policyDefault)}</p>
      {!view.canEdit && <p className="muted">{t(F.policyReadOnly)}</p>}
      <form onSubmit={(e) => void submit(e)} className="policy-form">
        <fieldset disabled={!view.canEdit || busy}>
          <legend className="sr-only">{t(F.policy)}</legend>
          {FIELD_ORDER.map((k) => {
            const value = draft[k];
            const id = `policy-${k}`;
            const limited = view.limitedFields.includes(k);
            const hint = limited ? <span className="hint" id={`${id}-hint`}>({t(F.policyLimited)})</span> : null;
            const describedBy = limited ? `${id}-hint` : undefined;
            const invalid = bad.has(k) || undefined;
            if (typeof value === 'boolean') {
              return (
                <div key={k} className={`field${invalid ? ' invalid' : ''}`}>
                  <input id={id} type="checkbox" checked={value} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => set(k, e.target.checked)} />
                  <label htmlFor={id}>{t(POLICY_FIELD_LABELS[k])}</label> {hint}
                </div>
              );
            }
            const optional = OPTIONAL_NUMBERS[k];
            if (optional) {
              return (
                <div key={k} className={`field${invalid ? ' invalid' : ''}`}>
                  <label htmlFor={id}>{t(POLICY_FIELD_LABELS[k])}</label>
                  <input id={id} type="number" min={optional[0]} max={optional[1]} step={1} value={value === undefined ? '' : Number(value)} aria-describedby={`${id}-none${describedBy ? ` ${describedBy}` : ''}`} aria-invalid={invalid}
                    onChange={(e) => setOptional(k, e.target.value === '' ? undefined : Number(e.target.value))} />
                  {' '}<span className="hint" id={`${id}-none`}>({t(H.noLimit!)})</span> {hint}
                </div>
              );
            }
            const options = ENUM_OPTIONS[k];
            if (options) {
              return (
                <div key={k} className={`field${invalid ? ' invalid' : ''}`}>
                  <label htmlFor={id}>{t(POLICY_FIELD_LABELS[k])}</label>
                  <select id={id} value={String(value)} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => set(k, e.target.value)}>
                    {options.map(([v, label]) => <option key={v} value={v}>{t(label)}</option>)}
                  </select> {hint}
                </div>
              );
            }
            const [min, max] = BOUNDS[k] ?? [0, 1000];
            return (
              <div key={k} className={`field${invalid ? ' invalid' : ''}`}>
                <label htmlFor={id}>{t(POLICY_FIELD_LABELS[k])}</label>
                <input id={id} type="number" min={min} max={max} step={1} value={Number(value)} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => set(k, Number(e.target.value))} /> {hint}
              </div>
            );
          })}
          <HoursEditor value={draft.openingHours} onChange={(h) => setOptional('openingHours', h)} bad={bad} />
          {view.canEdit && <button type="submit">{t(F.policySave)}</button>}
        </fieldset>
        {error && (
          <div role="alert" className="error">
            <p>{t(error.bilingual)}</p>
            {error.details.length > 0 && <ul>{error.details.map((x) => <li key={x.path}>{t(policyPathLabel(x.path))}: {x.message}</li>)}</ul>}
          </div>
        )}
        {saved !== null && <p role="status" className="ok">{fill(t(F.policySaved), { v: saved })}</p>}
      </form>
      {view.kiosks.length > 0 && (
        <table>
          <caption>{t(F.kioskPolicy)}</caption>
          <tbody>
            {view.kiosks.map((k) => (
              <tr key={k.deviceId} className={k.policyVersion === view.version ? '' : 'flagged'}>
                <td>{k.name ?? k.deviceId}</td>
                <td>{k.policyVersion === null ? '—' : `v${k.policyVersion}`} ({t(k.policyVersion === view.version ? F.upToDate : F.behind)})</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Devices({ data, onChange }: { data: VenueDevices; onChange: () => void }) {
  const { t, when } = useLang();
  const [error, setError] = useState<ApiFailure | null>(null);
  const revoke = async (id: string, name: string) => {
    if (!confirm(fill(t(F.revokeConfirm), { name }))) return;
    try {
      await api('POST', `/v1/console/devices/${id}/revoke`, {});
      onChange();
    } catch (err) {
      if (err instanceof ApiFailure) setError(err);
    }
  };
  return (
    <section aria-labelledby="devices-h" className="panel">
      <h3 id="devices-h">{t(F.devices)}</h3>
      {error && <Failure error={error} />}
      {data.devices.length === 0 ? <p>{t(F.noDevices)}</p> : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t(T.name)}</th><th scope="col">{t(F.gate)}</th><th scope="col">{t(F.status)}</th><th scope="col">{t(F.lastHeartbeat)}</th>
              <th scope="col">{t(F.riskAge)}</th><th scope="col">{t(F.outbox)}</th><th scope="col">{t(F.kioskPolicy)}</th><th scope="col">{t(F.appVersion)}</th><th scope="col"><span className="sr-only">{t(F.history)}</span></th>
            </tr>
          </thead>
          <tbody>
            {data.devices.map((k) => (
              <tr key={k.deviceId} className={k.status === 'ok' ? '' : 'flagged'}>
                <td>{k.name ?? k.deviceId.slice(0, 8)}</td>
                <td>{k.gateName ?? k.gateId}</td>
                <td>{kioskHealthText(k.status, k.problems, t)}</td>
                <td>{when(k.lastHeartbeatAt ?? k.lastSeenAt)}</td>
                <td>{hours(k.riskListAgeSeconds)}{k.riskListVersion !== null ? ` · v${k.riskListVersion}` : ''}</td>
                <td>{k.queueDepth ?? '—'}</td>
                <td>{k.policyVersion === null ? '—' : `v${k.policyVersion}`}</td>
                <td>{k.appVersion ?? '—'}</td>
                <td className="actions">
                  <a href={`/console/device/${k.deviceId}`}>{t(F.history)}<span className="sr-only"> {k.name ?? k.deviceId}</span></a>
                  {data.canOperate && k.revokedAt === null && (
                    <button type="button" className="danger" onClick={() => void revoke(k.deviceId, k.name ?? k.deviceId)}>{t(F.revoke)}<span className="sr-only"> {k.name ?? k.deviceId}</span></button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Gates({ data }: { data: VenueDevices }) {
  const { t } = useLang();
  const [sheet, setSheet] = useState<EnrolmentCodeIssued | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const issue = async (gateId: string) => {
    try {
      setSheet(await api<EnrolmentCodeIssued>('POST', `/v1/console/gates/${gateId}/enrolment-code`, {}));
    } catch (err) {
      if (err instanceof ApiFailure) setError(err);
    }
  };
  return (
    <section aria-labelledby="gates-h" className="panel">
      <h3 id="gates-h">{t(F.gates)}</h3>
      {error && <Failure error={error} />}
      <ul className="gates">
        {data.gates.map((g) => (
          <li key={g.id}>
            {g.name} <span className="muted">({g.direction})</span>{' '}
            {data.canOperate && <button type="button" onClick={() => void issue(g.id)}>{t(F.issueCode)}<span className="sr-only"> — {g.name}</span></button>}
          </li>
        ))}
      </ul>
      {sheet && <EnrolmentSheet sheet={sheet} onClose={() => setSheet(null)} />}
    </section>
  );
}

/** The printable sheet: the only time the code is shown (the server keeps its hash only). */
function EnrolmentSheet({ sheet, onClose }: { sheet: EnrolmentCodeIssued; onClose: () => void }) {
  const { t, when } = useLang();
  return (
    <article className="enrol-sheet" aria-labelledby="sheet-h">
      <h3 id="sheet-h">{t(F.sheetTitle)}</h3>
      <p className="flag">{t(F.sheetOnce)}</p>
      <dl>
        <dt>{t(F.sheetVenue)}</dt><dd>{sheet.venue.name} — {sheet.venue.address}</dd>
        <dt>{t(F.gate)}</dt><dd>{sheet.gate.name} ({sheet.gate.direction})</dd>
        <dt>{t(F.sheetServer)}</dt><dd><code>{location.origin}</code></dd>
        <dt>{t(F.sheetCode)}</dt><dd><code className="enrol-code" data-testid="enrolment-code">{sheet.code}</code></dd>
        <dt>{t(F.sheetExpires)}</dt><dd>{when(sheet.expiresAt)}</dd>
      </dl>
      <p>{t(F.sheetSteps)}</p>
      <p className="no-print">
        <button type="button" onClick={() => print()}>{t(F.print)}</button> <button type="button" onClick={onClose}>{t(F.close)}</button>
      </p>
    </article>
  );
}
