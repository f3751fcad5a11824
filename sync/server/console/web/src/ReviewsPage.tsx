// Residents' registrations waiting for an officer (issue 12): held ones (the face is already registered
// under another NIK, or a registered NIK came back with another face) and self-registrations nobody has
// checked against a KTP yet. The person comes to Dinkes with the KTP; the officer approves or rejects
// (held) or verifies (unverified), always with a reason, all audited by the server. The queue carries
// no name, no face and no full NIK (the server keeps only its hash): the row shows the NIK's regency
// digits, the time and how close the faces were, and the officer identifies the person from the KTP.
import { useCallback, useContext, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { HeldRegistration, ReviewQueue, ReviewReason, UnverifiedRegistration } from '../../../../protocol/api/console-reviews';
import { formatWibIn } from '../../../../protocol/wib-time';
import { ApiFailure, api } from './api';
import { LangContext, useT } from './i18n';
import type { Bi } from './i18n';
import './pages.css';

export const W = {
  nav: { id: 'Tinjauan pendaftaran', en: 'Registration reviews' },
  heading: { id: 'Tinjauan pendaftaran warga', en: "Residents' registration reviews" },
  intro: {
    id: 'Warga datang dengan KTP. Nama, foto dan NIK lengkap tidak ditampilkan: cocokkan dengan KTP di depan Anda. Setiap tampilan dan keputusan tercatat di log audit.',
    en: 'The resident comes with the KTP. No name, photo or full NIK is shown: check against the KTP in front of you. Every view and decision is in the audit log.',
  },
  held: { id: 'Pendaftaran tertahan', en: 'Held registrations' },
  noHeld: { id: 'Tidak ada pendaftaran tertahan.', en: 'No held registrations.' },
  unverified: { id: 'Belum diverifikasi (KTP belum dilihat)', en: 'Not verified yet (KTP not seen)' },
  noUnverified: { id: 'Tidak ada pendaftaran yang menunggu verifikasi.', en: 'No registrations waiting for verification.' },
  when: { id: 'Waktu', en: 'When' },
  nik: { id: 'NIK (hanya kode wilayah)', en: 'NIK (region code only)' },
  why: { id: 'Alasan ditahan', en: 'Why held' },
  closeness: { id: 'Kemiripan wajah', en: 'Face similarity' },
  matched: { id: 'Pendaftaran yang cocok', en: 'Matching registration' },
  source: { id: 'Sumber', en: 'Source' },
  decision: { id: 'Keputusan', en: 'Decision' },
  reason: { id: 'Alasan keputusan', en: 'Reason for the decision' },
  approve: { id: 'Setujui', en: 'Approve' },
  reject: { id: 'Tolak', en: 'Reject' },
  verify: { id: 'Verifikasi (KTP dilihat)', en: 'Verify (KTP seen)' },
  reasonShort: { id: 'Tulis alasan minimal 5 huruf, mis. "KTP dilihat, orang berbeda".', en: 'Write a reason of at least 5 characters, e.g. "KTP seen, different person".' },
  approved: { id: 'Disetujui: warga kini terdaftar dan terverifikasi.', en: 'Approved: the resident is now registered and verified.' },
  rejected: { id: 'Ditolak: tidak ada yang didaftarkan.', en: 'Rejected: nothing was registered.' },
  verifiedDone: { id: 'Terverifikasi: semua kios mengikuti pada sinkron berikutnya.', en: 'Verified: every kiosk follows at its next sync.' },
  gone: { id: 'tidak ada lagi (dihapus)', en: 'no longer there (erased)' },
  verifiedYes: { id: 'terverifikasi', en: 'verified' },
  verifiedNo: { id: 'belum diverifikasi', en: 'not verified' },
  distance: { id: 'jarak', en: 'distance' },
  threshold: { id: 'ambang', en: 'threshold' },
  forbidden: { id: 'Akses ditolak: peran Anda tidak boleh membuka halaman ini.', en: 'Access denied: your role may not open this page.' },
  loading: { id: 'Memuat…', en: 'Loading…' },
  unreachable: { id: 'Server tidak terjangkau', en: 'Server unreachable' },
} satisfies Record<string, Bi>;

export const REVIEW_REASON_WORDS: Record<ReviewReason, Bi> = {
  duplicate_face: { id: 'Wajah sama dengan pendaftaran NIK lain', en: 'Same face as a registration under another NIK' },
  reregistration_mismatch: { id: 'NIK terdaftar didaftarkan ulang dengan wajah lain', en: 'A registered NIK re-registered with another face' },
};
const SOURCE_WORDS: Record<UnverifiedRegistration['source'], Bi> = {
  self: { id: 'daftar sendiri (/daftar/)', en: 'self-registered (/daftar/)' },
  kiosk: { id: 'petugas di kios', en: 'staff at a kiosk' },
  city: { id: 'operator kota', en: 'city operator' },
};

/** The NIK as far as the server knows it: the regency digits, the rest masked. */
const maskedNik = (region: string) => `${region} •••• •••• ••••`;
const fail = (e: unknown) => (e instanceof ApiFailure ? e : new ApiFailure(0, 'error', W.unreachable));

export function ReviewsPage() {
  const t = useT();
  const lang = useContext(LangContext);
  const [queue, setQueue] = useState<ReviewQueue | null>(null);
  const [error, setError] = useState<{ status: number; text: Bi } | null>(null);
  const [done, setDone] = useState<Bi | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => api<ReviewQueue>('GET', '/v1/console/registrations/reviews').then(setQueue, (e: unknown) => {
    const f = fail(e);
    setError({ status: f.status, text: f.bilingual });
  }), []);
  useEffect(() => void load(), [load]);

  /** Sends a decision with the reason typed in its row's form; a too-short reason is refused here (the server refuses it too). */
  const decide = (e: FormEvent<HTMLFormElement>, path: string, body: (reason: string) => unknown, ok: Bi) => {
    e.preventDefault();
    const form = e.currentTarget;
    const reason = String(new FormData(form).get('reason') ?? '').trim();
    setDone(null);
    if (reason.length < 5) {
      setError({ status: 0, text: W.reasonShort });
      form.querySelector<HTMLInputElement>('input[name="reason"]')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    void api('POST', path, body(reason))
      .then(async () => {
        setDone(ok);
        await load();
      }, (err: unknown) => {
        const f = fail(err);
        setError({ status: f.status, text: f.bilingual });
      })
      .finally(() => setBusy(false));
  };

  if (error?.status === 403 && !queue) return <><h2>{t(W.heading)}</h2><p role="alert" className="error forbidden">{t(W.forbidden)}</p></>;
  const when = (iso: string) => formatWibIn(iso, lang);
  return (
    <div className="dinkes reviews">
      <h2>{t(W.heading)}</h2>
      <p className="muted">{t(W.intro)}</p>
      <p role="alert" className="error" id="review-error">{error ? t(error.text) : ''}</p>
      <p role="status" className="ok" id="review-done">{done ? t(done) : ''}</p>
      {!queue && !error && <p role="status">{t(W.loading)}</p>}
      {queue && (
        <>
          <section aria-labelledby="held-title">
            <h3 id="held-title">{t(W.held)} ({queue.held.length})</h3>
            {queue.held.length === 0 ? <p>{t(W.noHeld)}</p> : (
              <table data-testid="held">
                <thead><tr><th scope="col">{t(W.when)}</th><th scope="col">{t(W.nik)}</th><th scope="col">{t(W.why)}</th><th scope="col">{t(W.closeness)}</th><th scope="col">{t(W.matched)}</th><th scope="col">{t(W.decision)}</th></tr></thead>
                <tbody>
                  {queue.held.map((h) => <HeldRow key={h.id} h={h} threshold={queue.dedupeThreshold} when={when} busy={busy}
                    onDecide={(e, decision) => decide(e, `/v1/console/registrations/reviews/${h.id}/decision`, (reason) => ({ decision, reason }), decision === 'approve' ? W.approved : W.rejected)} />)}
                </tbody>
              </table>
            )}
          </section>
          <section aria-labelledby="unverified-title">
            <h3 id="unverified-title">{t(W.unverified)} ({queue.unverified.length})</h3>
            {queue.unverified.length === 0 ? <p>{t(W.noUnverified)}</p> : (
              <table data-testid="unverified">
                <thead><tr><th scope="col">{t(W.when)}</th><th scope="col">{t(W.nik)}</th><th scope="col">{t(W.source)}</th><th scope="col">{t(W.decision)}</th></tr></thead>
                <tbody>
                  {queue.unverified.map((u) => (
                    <tr key={u.rid} data-rid={u.rid}>
                      <td>{when(u.registeredAt)}</td><td className="nowrap">{maskedNik(u.region)}</td><td>{t(SOURCE_WORDS[u.source])}</td>
                      <td>
                        <form className="decide" aria-label={`${t(W.verify)} ${when(u.registeredAt)}`} onSubmit={(e) => decide(e, `/v1/console/registrations/${u.rid}/verify`, (reason) => ({ reason }), W.verifiedDone)}>
                          <label>{t(W.reason)}<input name="reason" maxLength={500} autoComplete="off" /></label>
                          <button type="submit" disabled={busy}>{t(W.verify)}</button>
                        </form>
                      </td>
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

function HeldRow({ h, threshold, when, busy, onDecide }: { h: HeldRegistration; threshold: number; when: (iso: string) => string; busy: boolean; onDecide: (e: FormEvent<HTMLFormElement>, d: 'approve' | 'reject') => void }) {
  const t = useT();
  // which button sent the form: its submitter
  const submit = (e: FormEvent<HTMLFormElement>) => {
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    onDecide(e, submitter?.value === 'approve' ? 'approve' : 'reject');
  };
  return (
    <tr data-review={h.id}>
      <td>{when(h.createdAt)}</td>
      <td className="nowrap">{maskedNik(h.region)}</td>
      <td>{t(REVIEW_REASON_WORDS[h.reason])}</td>
      <td>{h.distance === null ? '—' : `${t(W.distance)} ${h.distance.toFixed(2)} (${t(W.threshold)} ${threshold})`}</td>
      <td>{h.matched ? `${t(SOURCE_WORDS[h.matched.source])}, ${t(h.matched.verified ? W.verifiedYes : W.verifiedNo)}, ${when(h.matched.registeredAt)}` : h.matchedRid ? t(W.gone) : '—'}</td>
      <td>
        <form className="decide" aria-label={`${t(W.decision)} ${when(h.createdAt)}`} onSubmit={submit}>
          <label>{t(W.reason)}<input name="reason" maxLength={500} autoComplete="off" /></label>
          <button type="submit" name="decision" value="approve" disabled={busy}>{t(W.approve)}</button>{' '}
          <button type="submit" name="decision" value="reject" className="secondary" disabled={busy}>{t(W.reject)}</button>
        </form>
      </td>
    </tr>
  );
}
