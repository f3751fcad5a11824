// Dinkes' risk list: the list in force (version, age, kiosks that have it), then upload a CSV, read
// the server's preview (bad lines with their numbers and reasons, or what would be added, changed and
// removed) and publish it explicitly. The server checks and publishes; this page only shows.
import { useCallback, useEffect, useState } from 'react';
import type { ChangeEvent } from 'react';
import type { RiskListStatus, RiskPreview, RiskPublishResponse } from '../../../../protocol/api/console-risk';
import { formatWib } from '../../../../protocol/wib-time';
import { ApiFailure, api } from './api';
import { useT } from './i18n';
import type { Bi } from './i18n';
import './pages.css';

const W = {
  heading: { id: 'Daftar risiko', en: 'Risk list' },
  inForce: { id: 'Daftar yang berlaku', en: 'List in force' },
  none: { id: 'Belum ada daftar risiko yang diterbitkan.', en: 'No risk list has been published yet.' },
  version: { id: 'Versi', en: 'Version' },
  published: { id: 'Diterbitkan', en: 'Published' },
  age: { id: 'Umur', en: 'Age' },
  entries: { id: 'Jumlah orang', en: 'People on the list' },
  kiosks: { id: 'Kios yang sudah memakai versi ini', en: 'Kiosks on this version' },
  behind: { id: 'tertinggal', en: 'behind' },
  unknown: { id: 'belum melapor', en: 'not reported yet' },
  upload: { id: 'Unggah daftar baru', en: 'Upload a new list' },
  format: { id: 'Berkas CSV dengan baris judul nik,status,valid_until (status: CONFIRMED, SUSPECT, CLOSE_CONTACT; tanggal YYYY-MM-DD).', en: 'A CSV file with the header nik,status,valid_until (status: CONFIRMED, SUSPECT, CLOSE_CONTACT; date YYYY-MM-DD).' },
  file: { id: 'Berkas CSV', en: 'CSV file' },
  checking: { id: 'Memeriksa berkas…', en: 'Checking the file…' },
  bad: { id: 'Berkas ditolak: perbaiki baris berikut lalu unggah lagi. Tidak ada yang diubah.', en: 'File refused: fix these lines and upload again. Nothing was changed.' },
  badMore: { id: 'Masih ada baris salah lainnya (hanya sebagian ditampilkan).', en: 'There are more bad lines (only some are shown).' },
  line: { id: 'Baris', en: 'Line' },
  reason: { id: 'Alasan', en: 'Reason' },
  good: { id: 'Berkas benar. Bila diterbitkan, perubahannya:', en: 'The file is good. Publishing it would change:' },
  added: { id: 'Ditambah', en: 'Added' },
  changed: { id: 'Diubah', en: 'Changed' },
  removed: { id: 'Dihapus', en: 'Removed' },
  unchanged: { id: 'Tetap', en: 'Unchanged' },
  against: { id: 'dibanding versi', en: 'against version' },
  publish: { id: 'Terbitkan', en: 'Publish' },
  publishing: { id: 'Menerbitkan…', en: 'Publishing…' },
  done: { id: 'Diterbitkan sebagai versi', en: 'Published as version' },
  noChange: { id: 'Tidak ada perubahan dibanding daftar yang berlaku.', en: 'No change against the list in force.' },
} satisfies Record<string, Bi>;

const hours = (s: number) => (s < 3600 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`);

/** `canPublish`: the role may upload (health); others see the list in force only (the server enforces it either way). */
export function RiskListPage({ canPublish }: { canPublish: boolean }) {
  const t = useT();
  const [status, setStatus] = useState<RiskListStatus | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [preview, setPreview] = useState<RiskPreview | null>(null);
  const [busy, setBusy] = useState<Bi | null>(null);
  const [published, setPublished] = useState<RiskPublishResponse | null>(null);

  const fail = (e: unknown) => setError(e instanceof ApiFailure ? e : new ApiFailure(0, 'error', { id: 'Server tidak terjangkau', en: 'Server unreachable' }));
  const loadStatus = useCallback(() => api<RiskListStatus>('GET', '/v1/console/risk').then(setStatus, fail), []);
  useEffect(() => void loadStatus(), [loadStatus]);

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.currentTarget.files?.[0];
    setPreview(null);
    setPublished(null);
    setError(null);
    if (!f) return;
    const text = await f.text();
    setFile({ name: f.name, text });
    setBusy(W.checking);
    try {
      setPreview(await api<RiskPreview>('POST', '/v1/console/risk/preview', { csv: text, fileName: f.name.slice(0, 200) }));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };
  const publish = async () => {
    if (!file || !preview) return;
    setBusy(W.publishing);
    setError(null);
    try {
      setPublished(await api<RiskPublishResponse>('POST', '/v1/console/risk/publish', { csv: file.text, sha256: preview.sha256, baseVersion: preview.baseVersion, fileName: file.name.slice(0, 200) }));
      setPreview(null);
      await loadStatus();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  if (error?.status === 403) return <><h2>{t(W.heading)}</h2><p role="alert" className="error forbidden">{t({ id: 'Akses ditolak: peran Anda tidak boleh membuka halaman ini.', en: 'Access denied: your role may not open this page.' })}</p></>;
  return (
    <div className="dinkes">
      <h2>{t(W.heading)}</h2>
      <section aria-labelledby="risk-in-force">
        <h3 id="risk-in-force">{t(W.inForce)}</h3>
        {!status && <p role="status">{t({ id: 'Memuat…', en: 'Loading…' })}</p>}
        {!canPublish && error && <p role="alert" className="error">{t(error.bilingual)}</p>}
        {status && status.version === 0 && <p>{t(W.none)}</p>}
        {status && status.version > 0 && (
          <dl className="facts" data-testid="risk-status">
            <dt>{t(W.version)}</dt><dd>{status.version}</dd>
            <dt>{t(W.published)}</dt><dd>{status.publishedAt ? formatWib(status.publishedAt) : '—'}</dd>
            <dt>{t(W.age)}</dt><dd>{status.ageSeconds === null ? '—' : hours(status.ageSeconds)}</dd>
            <dt>{t(W.entries)}</dt><dd>{status.entryCount}</dd>
            <dt>{t(W.kiosks)}</dt>
            <dd>{status.kiosks.current} / {status.kiosks.total}{status.kiosks.behind ? ` · ${status.kiosks.behind} ${t(W.behind)}` : ''}{status.kiosks.unknown ? ` · ${status.kiosks.unknown} ${t(W.unknown)}` : ''}</dd>
          </dl>
        )}
      </section>
      {canPublish && (
        <section aria-labelledby="risk-upload">
          <h3 id="risk-upload">{t(W.upload)}</h3>
          <p className="muted">{t(W.format)}</p>
          <label htmlFor="risk-file">{t(W.file)}</label>{' '}
          <input id="risk-file" type="file" accept=".csv,text/csv" onChange={(e) => void choose(e)} disabled={busy !== null} />
          {busy && <p role="status">{t(busy)}</p>}
          {error && <p role="alert" className="error">{t(error.bilingual)}</p>}
          {published && <p role="status" className="ok">✓ {t(W.done)} {published.version} (+{published.added} ~{published.changed} −{published.removed})</p>}
          {preview && !preview.ok && (
            <>
              <p role="alert" className="error">{t(W.bad)}</p>
              <table data-testid="risk-errors">
                <thead><tr><th scope="col">{t(W.line)}</th><th scope="col">{t(W.reason)}</th></tr></thead>
                <tbody>{preview.errors.map((e) => <tr key={`${e.line}-${e.code}`}><td>{e.line}</td><td>{t(e.message)}</td></tr>)}</tbody>
              </table>
              {preview.errorsTruncated && <p>{t(W.badMore)}</p>}
            </>
          )}
          {preview && preview.ok && (
            <>
              <p>{t(W.good)} <span className="muted">({t(W.against)} {preview.baseVersion})</span></p>
              <table className="counts" data-testid="risk-preview">
                <thead><tr><th scope="col">{t(W.added)}</th><th scope="col">{t(W.changed)}</th><th scope="col">{t(W.removed)}</th><th scope="col">{t(W.unchanged)}</th><th scope="col">{t(W.entries)}</th></tr></thead>
                <tbody><tr><td>+{preview.added}</td><td>~{preview.changed}</td><td>−{preview.removed}</td><td>{preview.unchanged}</td><td>{preview.entryCount}</td></tr></tbody>
              </table>
              {preview.added + preview.changed + preview.removed === 0 && <p>{t(W.noChange)}</p>}
              <p><button type="button" onClick={() => void publish()} disabled={busy !== null}>{t(W.publish)}</button></p>
            </>
          )}
        </section>
      )}
    </div>
  );
}
