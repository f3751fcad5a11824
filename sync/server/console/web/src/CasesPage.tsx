// Tracing cases: a Dinkes officer opens a case for a NIK with a purpose and a legal basis, then sees the
// person's visits and contacts, exports them (CSV, PDF) and closes the case. An auditor sees the list
// (who, why, when; NIK masked) and nothing inside. The server enforces all of it and logs every step.
import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { CaseDetail, CaseSummary } from '../../../../protocol/api/console-cases';
import { LEGAL_BASIS_CATEGORIES, LEGAL_BASIS_LABELS } from '../../../../protocol/console/legal-basis';
import type { LegalBasisCategory } from '../../../../protocol/console/legal-basis';
import { formatWib, formatWibSpan } from '../../../../protocol/wib-time';
import { ApiFailure, api } from './api';
import { useT } from './i18n';
import type { Bi } from './i18n';
import './pages.css';

const W = {
  heading: { id: 'Kasus penelusuran', en: 'Tracing cases' },
  intro: {
    id: 'Data pribadi hanya dibuka lewat kasus dengan tujuan dan dasar hukum. Setiap pembukaan, tampilan dan ekspor tercatat di log audit.',
    en: 'Personal data is opened only through a case with a purpose and a legal basis. Every opening, view and export is in the audit log.',
  },
  newCase: { id: 'Buka kasus baru', en: 'Open a new case' },
  nik: { id: 'NIK (16 digit)', en: 'NIK (16 digits)' },
  purpose: { id: 'Tujuan penelusuran', en: 'Purpose of the tracing' },
  basisCategory: { id: 'Dasar hukum', en: 'Legal basis' },
  basis: { id: 'Rincian dasar hukum (pasal, nomor surat)', en: 'Legal basis details (article, letter number)' },
  open: { id: 'Buka kasus', en: 'Open case' },
  mine: { id: 'Kasus', en: 'Cases' },
  none: { id: 'Belum ada kasus.', en: 'No cases yet.' },
  opened: { id: 'Dibuka', en: 'Opened' },
  officer: { id: 'Petugas', en: 'Officer' },
  state: { id: 'Keadaan', en: 'State' },
  active: { id: 'aktif', en: 'open' },
  closed: { id: 'ditutup', en: 'closed' },
  show: { id: 'Lihat', en: 'View' },
  window: { id: 'Periode', en: 'Window' },
  visits: { id: 'Kunjungan', en: 'Visits' },
  contacts: { id: 'Kontak', en: 'Contacts' },
  venue: { id: 'Tempat', en: 'Venue' },
  gate: { id: 'Gerbang', en: 'Gate' },
  when: { id: 'Waktu', en: 'When' },
  overlap: { id: 'Tumpang tindih (menit)', en: 'Overlap (minutes)' },
  person: { id: 'Orang (hash NIK)', en: 'Person (NIK hash)' },
  noCheckout: { id: 'tanpa check-out', en: 'no check-out' },
  nothing: { id: 'Tidak ada.', en: 'None.' },
  csv: { id: 'Unduh CSV', en: 'Download CSV' },
  pdf: { id: 'Unduh PDF', en: 'Download PDF' },
  closeNote: { id: 'Catatan penutupan', en: 'Closing note' },
  close: { id: 'Tutup kasus', en: 'Close case' },
  back: { id: 'Kembali ke daftar', en: 'Back to the list' },
} satisfies Record<string, Bi>;

const fail = (e: unknown) => (e instanceof ApiFailure ? e : new ApiFailure(0, 'error', { id: 'Server tidak terjangkau', en: 'Server unreachable' }));

/** `canOpen`: the role may open and read cases (health); an auditor sees the list only. */
export function CasesPage({ canOpen }: { canOpen: boolean }) {
  const t = useT();
  const [cases, setCases] = useState<CaseSummary[] | null>(null);
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => api<{ cases: CaseSummary[] }>('GET', '/v1/console/cases').then((d) => setCases(d.cases), (e: unknown) => setError(fail(e))), []);
  useEffect(() => void load(), [load]);

  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(fail(e));
    } finally {
      setBusy(false);
    }
  };
  const view = (id: string) => run(async () => setDetail(await api<CaseDetail>('GET', `/v1/console/cases/${id}`)));
  const openCase = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const form = e.currentTarget;
    void run(async () => {
      const c = await api<CaseSummary>('POST', '/v1/console/cases', {
        nik: String(f.get('nik') ?? ''), purpose: String(f.get('purpose') ?? ''), legalBasisCategory: String(f.get('legalBasisCategory') ?? '') as LegalBasisCategory, legalBasis: String(f.get('legalBasis') ?? ''),
      });
      form.reset();
      await load();
      setDetail(await api<CaseDetail>('GET', `/v1/console/cases/${c.id}`));
    });
  };
  const closeCase = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const note = String(new FormData(e.currentTarget).get('note') ?? '').trim();
    const id = detail!.id;
    void run(async () => {
      await api('POST', `/v1/console/cases/${id}/close`, note ? { note } : {});
      setDetail(null);
      await load();
    });
  };

  if (error?.status === 403 && !cases) return <><h2>{t(W.heading)}</h2><p role="alert" className="error forbidden">{t({ id: 'Akses ditolak: peran Anda tidak boleh membuka halaman ini.', en: 'Access denied: your role may not open this page.' })}</p></>;
  return (
    <div className="dinkes">
      <h2>{t(W.heading)}</h2>
      <p className="muted">{t(W.intro)}</p>
      {error && <p role="alert" className="error">{t(error.bilingual)}</p>}
      {detail ? (
        <CaseView c={detail} busy={busy} onClose={closeCase} onBack={() => setDetail(null)} />
      ) : (
        <>
          {canOpen && (
            <section aria-labelledby="case-new">
              <h3 id="case-new">{t(W.newCase)}</h3>
              <form className="stack" onSubmit={openCase}>
                <label>{t(W.nik)}<input name="nik" inputMode="numeric" autoComplete="off" required /></label>
                <label>{t(W.purpose)}<textarea name="purpose" rows={2} minLength={10} maxLength={500} required /></label>
                <label>{t(W.basisCategory)}
                  <select name="legalBasisCategory" required defaultValue="health-quarantine-law">
                    {LEGAL_BASIS_CATEGORIES.map((k) => <option key={k} value={k}>{t(LEGAL_BASIS_LABELS[k])}</option>)}
                  </select>
                </label>
                <label>{t(W.basis)}<input name="legalBasis" minLength={3} maxLength={500} required /></label>
                <p><button type="submit" disabled={busy}>{t(W.open)}</button></p>
              </form>
            </section>
          )}
          <section aria-labelledby="case-list">
            <h3 id="case-list">{t(W.mine)}</h3>
            {!cases && <p role="status">{t({ id: 'Memuat…', en: 'Loading…' })}</p>}
            {cases && cases.length === 0 && <p>{t(W.none)}</p>}
            {cases && cases.length > 0 && (
              <table data-testid="case-list">
                <thead><tr><th scope="col">{t(W.opened)}</th><th scope="col">NIK</th><th scope="col">{t(W.purpose)}</th><th scope="col">{t(W.basisCategory)}</th><th scope="col">{t(W.officer)}</th><th scope="col">{t(W.state)}</th>{canOpen && <th scope="col"><span className="visually-hidden">{t(W.show)}</span></th>}</tr></thead>
                <tbody>
                  {cases.map((c) => (
                    <tr key={c.id}>
                      <td>{formatWib(c.openedAt)}</td><td>{c.nikMasked}</td><td>{c.purpose}</td><td>{t(LEGAL_BASIS_LABELS[c.legalBasisCategory])}: {c.legalBasis}</td><td>{c.ownerName}</td>
                      <td>{c.closedAt ? `${t(W.closed)} ${formatWib(c.closedAt)}` : t(W.active)}</td>
                      {canOpen && <td>{!c.closedAt && <button type="button" disabled={busy} onClick={() => void view(c.id)}>{t(W.show)}<span className="visually-hidden"> {c.nikMasked}</span></button>}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </div>
  );
}

function CaseView({ c, busy, onClose, onBack }: { c: CaseDetail; busy: boolean; onClose: (e: FormEvent<HTMLFormElement>) => void; onBack: () => void }) {
  const t = useT();
  return (
    <section aria-labelledby="case-detail" data-testid="case-detail">
      <h3 id="case-detail">NIK {c.nik}</h3>
      <dl className="facts">
        <dt>{t(W.purpose)}</dt><dd>{c.purpose}</dd>
        <dt>{t(W.basisCategory)}</dt><dd>{t(LEGAL_BASIS_LABELS[c.legalBasisCategory])}: {c.legalBasis}</dd>
        <dt>{t(W.opened)}</dt><dd>{formatWib(c.openedAt)} · {c.ownerName}</dd>
        <dt>{t(W.window)}</dt><dd>{formatWibSpan(c.window.from, c.window.to)}</dd>
      </dl>
      <p>
        <a href={`/v1/console/cases/${c.id}/export?format=csv`} download>{t(W.csv)}</a>{' · '}
        <a href={`/v1/console/cases/${c.id}/export?format=pdf`} download>{t(W.pdf)}</a>
      </p>
      <table data-testid="case-visits">
        <caption>{t(W.visits)} ({c.visits.length})</caption>
        <thead><tr><th scope="col">{t(W.when)}</th><th scope="col">{t(W.venue)}</th><th scope="col">{t(W.gate)}</th></tr></thead>
        <tbody>
          {c.visits.length === 0 && <tr><td colSpan={3}>{t(W.nothing)}</td></tr>}
          {c.visits.map((v) => <tr key={v.visitId}><td>{formatWibSpan(v.from, v.to)}{v.checkedOut ? '' : ` (${t(W.noCheckout)})`}</td><td>{v.venueName ?? v.venueId}</td><td>{v.gateId}</td></tr>)}
        </tbody>
      </table>
      <table data-testid="case-contacts">
        <caption>{t(W.contacts)} ({c.contacts.length})</caption>
        <thead><tr><th scope="col">{t(W.when)}</th><th scope="col">{t(W.venue)}</th><th scope="col">{t(W.overlap)}</th><th scope="col">{t(W.person)}</th></tr></thead>
        <tbody>
          {c.contacts.length === 0 && <tr><td colSpan={4}>{t(W.nothing)}</td></tr>}
          {c.contacts.map((k) => <tr key={k.visitId}><td>{formatWibSpan(k.from, k.to)}</td><td>{k.venueName ?? k.venueId}</td><td>{k.overlapMinutes}</td><td><code>{k.nikHash.slice(0, 16)}…</code></td></tr>)}
        </tbody>
      </table>
      <form className="stack" onSubmit={onClose}>
        <label>{t(W.closeNote)}<input name="note" maxLength={500} /></label>
        <p><button type="submit" disabled={busy}>{t(W.close)}</button> <button type="button" className="secondary" onClick={onBack}>{t(W.back)}</button></p>
      </form>
    </section>
  );
}
