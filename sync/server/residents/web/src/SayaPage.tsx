// /saya/: prove who you are (pass or NIK + ~4 s of live camera frames, checked for face and liveness
// as at the kiosk), then see, correct or erase what is held about you.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ResidentData } from '../../../../protocol/api/residents';
import { api, pageError, type PageError } from './api';
import { fileToB64, grabJpeg, openCamera, sleep, stopCamera } from './camera';
import { Button, ErrorNotice, InfoNotice } from './components';
import { useLanguage } from './LanguageContext';
import { T, type Bi } from './strings';

/** 32 frames at 8/s: long enough for a natural blink (the server's liveness check) */
const FRAMES = 32;
const INTERVAL_MS = 125;

function ProofForm({ onProven, setError }: { onProven: (session: string) => void; setError: (e: PageError | null) => void }) {
  const { t } = useLanguage();
  const [nik, setNik] = useState('');
  const [passToken, setPassToken] = useState('');
  const [passImage, setPassImage] = useState<File | null>(null);
  const [prompt, setPrompt] = useState<Bi | null>(null);
  const [busy, setBusy] = useState(false);
  const video = useRef<HTMLVideoElement>(null);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setError(null);
    const proof = nik.trim() ? { nik: nik.trim() } : passToken.trim() ? { passToken: passToken.trim() } : passImage ? { passImage: await fileToB64(passImage) } : null;
    if (!proof) return setError(pageError('proof', 'needProof'));
    let stream: MediaStream;
    try {
      stream = await openCamera(video.current!);
    } catch {
      return setError(pageError('camera', 'cameraError'));
    }
    setBusy(true);
    setPrompt(T.blinkPrompt);
    const frames: string[] = [];
    await sleep(400);
    for (let i = 0; i < FRAMES; i++) {
      frames.push(grabJpeg(video.current!, 0.8));
      await sleep(INTERVAL_MS);
    }
    stopCamera(stream);
    setPrompt(T.sending);
    const r = await api<{ session: string }>('POST', '/v1/residents/session', { ...proof, frames });
    setBusy(false);
    setPrompt(null);
    if (!r.ok) return setError(r.error);
    onProven(r.data.session);
  };

  return (
    <section id="proof">
      <p>{t('sayaIntro')}</p>
      <form id="proof-form" noValidate onSubmit={(ev) => void submit(ev)}>
        <label htmlFor="nik">{t('proofNik')}</label>
        <input id="nik" inputMode="numeric" autoComplete="off" maxLength={40} value={nik} onChange={(e) => setNik(e.target.value)} />
        <label htmlFor="pass-token">{t('proofPass')}</label>
        <input id="pass-token" autoComplete="off" maxLength={3000} value={passToken} onChange={(e) => setPassToken(e.target.value)} />
        <label htmlFor="pass-image">{t('proofPassImage')}</label>
        <input id="pass-image" type="file" accept="image/*" onChange={(e) => setPassImage(e.target.files?.[0] ?? null)} />
        <video id="video" ref={video} playsInline muted hidden={!busy} aria-label={t('cameraPreview')} />
        <InfoNotice id="prompt" message={prompt} />
        <Button type="submit" id="start" disabled={busy}>{t('startCheck')}</Button>
      </form>
    </section>
  );
}

function MyData({ session, data, onErased, setError }: { session: string; data: ResidentData; onErased: () => void; setError: (e: PageError | null) => void }) {
  const { t, lang } = useLanguage();
  const [name, setName] = useState(data.name);
  const [saved, setSaved] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  const fmt = (iso: string) => new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'medium', timeStyle: 'short' });

  const rename = async (ev: FormEvent) => {
    ev.preventDefault();
    setError(null);
    setSaved(false);
    const r = await api('POST', '/v1/residents/me/name', { name: name.trim() }, session);
    if (!r.ok) return setError(r.error);
    setSaved(true);
  };
  const erase = async (ev: FormEvent) => {
    ev.preventDefault();
    setError(null);
    if (!confirm) return;
    const r = await api('POST', '/v1/residents/me/erase', { confirm: true }, session);
    if (!r.ok) return setError(r.error);
    onErased();
  };

  return (
    <section id="mine" aria-labelledby="mine-title">
      <h2 id="mine-title" tabIndex={-1} ref={title}>{t('sayaTitle')}</h2>
      <form id="name-form" onSubmit={(ev) => void rename(ev)}>
        <label htmlFor="d-name">{t('name')}</label>
        <input id="d-name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        <Button type="submit">{t('saveName')}</Button>
      </form>
      <InfoNotice id="notice" message={saved ? T.nameSaved : null} code={saved ? 'name_saved' : ''} />
      <dl>
        <dt>{t('registered')}</dt><dd id="d-registered">{fmt(data.registeredAt)}</dd>
        <dt>{t('status')}</dt><dd id="d-status">{t(data.verified ? 'verified' : 'unverified')}</dd>
        <dt>{t('contact')}</dt><dd id="d-contact">{data.contact ?? '–'}</dd>
      </dl>
      <h3>{t('visitsTitle')}</h3>
      <table>
        <thead><tr><th>{t('when')}</th><th>{t('where')}</th><th>{t('result')}</th></tr></thead>
        <tbody id="visits">
          {data.visits.map((v) => <tr key={`${v.at}-${v.venueName}`}><td>{fmt(v.at)}</td><td>{v.venueName}</td><td>{v.outcome}</td></tr>)}
        </tbody>
      </table>
      <p id="no-visits" hidden={data.visits.length > 0}>{t('noVisits')}</p>
      <form id="erase-form" onSubmit={(ev) => void erase(ev)}>
        <h3>{t('eraseTitle')}</h3>
        <p>{t('eraseText')}</p>
        <label className="check"><input type="checkbox" id="erase-confirm" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} /><span>{t('eraseCheck')}</span></label>
        <Button type="submit" id="erase">{t('erase')}</Button>
      </form>
    </section>
  );
}

export function SayaPage() {
  const [session, setSession] = useState<string | null>(null);
  const [data, setData] = useState<ResidentData | null>(null);
  const [erased, setErased] = useState(false);
  const [error, setError] = useState<PageError | null>(null);

  const proven = async (s: string) => {
    const r = await api<ResidentData>('GET', '/v1/residents/me', undefined, s);
    if (!r.ok) return setError(r.error);
    setSession(s);
    setData(r.data);
  };

  return (
    <>
      {!session && !erased ? <ProofForm onProven={(s) => void proven(s)} setError={setError} /> : null}
      <ErrorNotice id="error" error={error} />
      {session && data ? <MyData session={session} data={data} setError={setError} onErased={() => {
        setSession(null);
        setData(null);
        setErased(true);
      }} /> : null}
      <InfoNotice id="erased" message={erased ? T.erased : null} />
    </>
  );
}
