// /daftar/: self-registration. The NIK is checked here with the shared rules (the server checks again);
// the selfie's quality is judged by the server's face engine, whose guidance (too dark, come closer,
// look straight, one person at a time) comes back as the error.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { parseNik } from '../../../../protocol/nik';
import { RESIDENT_CONSENT_VERSION, type SelfRegistrationResponse } from '../../../../protocol/api/residents';
import { api, pageError, type PageError } from './api';
import { b64ToBlobUrl, fileToB64, grabJpeg, openCamera, stopCamera } from './camera';
import { Button, ErrorNotice } from './components';
import { useLanguage } from './LanguageContext';
import type { Bi } from './strings';

type Registered = Extract<SelfRegistrationResponse, { status: 'registered' }>;

function nikProblem(value: string): Bi | null {
  if (!value.trim()) return null;
  const p = parseNik(value);
  return p.ok ? null : p.error.message;
}

function PassCard({ result }: { result: Registered }) {
  const { t } = useLanguage();
  const title = useRef<HTMLHeadingElement>(null);
  const links = useMemo(() => ({ png: b64ToBlobUrl(result.pass.png, 'image/png'), pdf: b64ToBlobUrl(result.pass.pdf, 'application/pdf') }), [result]);
  useEffect(() => () => {
    URL.revokeObjectURL(links.png);
    URL.revokeObjectURL(links.pdf);
  }, [links]);
  useEffect(() => title.current?.focus(), []);
  return (
    <section id="pass" aria-labelledby="pass-title" data-rid={result.rid}>
      <h2 id="pass-title" tabIndex={-1} ref={title}>{t('passTitle')}</h2>
      <img id="qr" alt="QR pass" src={`data:image/png;base64,${result.pass.png}`} />
      <p id="pass-status">{t(result.verified ? 'passVerified' : 'passUnverified')}</p>
      <a className="button" id="dl-png" href={links.png} download={`jejak-pass-${result.rid}.png`}>{t('downloadPng')}</a>{' '}
      <a className="button" id="dl-pdf" href={links.pdf} download={`jejak-kartu-${result.rid}.pdf`}>{t('downloadPdf')}</a>
    </section>
  );
}

export function DaftarPage() {
  const { t, pick } = useLanguage();
  const [nik, setNik] = useState('');
  const [nikError, setNikError] = useState<Bi | null>(null);
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [consent, setConsent] = useState(false);
  const [selfie, setSelfie] = useState<string | null>(null);
  const [cameraOn, setCameraOn] = useState(false);
  const [error, setError] = useState<PageError | null>(null);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<SelfRegistrationResponse | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const nikInput = useRef<HTMLInputElement>(null);
  useEffect(() => () => stopCamera(stream.current), []);

  const startCamera = async () => {
    setError(null);
    try {
      stream.current = await openCamera(video.current!);
      setCameraOn(true);
    } catch {
      setError(pageError('camera', 'cameraError'));
    }
  };
  const takePhoto = () => {
    setSelfie(grabJpeg(video.current!, 0.92));
    stopCamera(stream.current);
    stream.current = null;
    setCameraOn(false);
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setError(null);
    const parsed = parseNik(nik);
    setNikError(parsed.ok ? null : parsed.error.message);
    if (!parsed.ok) return nikInput.current?.focus();
    if (!name.trim()) return setError(pageError('name', 'needName'));
    if (!consent) return setError(pageError('consent', 'needConsent'));
    if (!selfie) return setError(pageError('selfie', 'needSelfie'));
    setSending(true);
    const r = await api<SelfRegistrationResponse>('POST', '/v1/residents/registrations', {
      nik: parsed.value.nik, name: name.trim(), ...(contact.trim() ? { contact: contact.trim() } : {}), consent: { given: true, textVersion: RESIDENT_CONSENT_VERSION }, selfie,
    });
    setSending(false);
    if (!r.ok) return setError(r.error);
    setResult(r.data);
  };

  if (result?.status === 'registered') return <PassCard result={result} />;
  if (result?.status === 'review') {
    return (
      <section id="review" aria-labelledby="review-title">
        <h2 id="review-title">{t('reviewTitle')}</h2>
        <p id="review-text" role="status">{pick(result.message)}</p>
      </section>
    );
  }
  return (
    <>
      <p>{t('daftarIntro')}</p>
      <form id="form" noValidate onSubmit={(ev) => void submit(ev)}>
        <label htmlFor="nik">{t('nik')}</label>
        <input id="nik" name="nik" inputMode="numeric" autoComplete="off" maxLength={40} aria-describedby="nik-error" ref={nikInput}
          value={nik} onChange={(e) => setNik(e.target.value)} onBlur={() => setNikError(nikProblem(nik))} />
        <p id="nik-error" className="error" role="alert" hidden={nikError === null}>{nikError ? pick(nikError) : ''}</p>
        <label htmlFor="name">{t('name')}</label>
        <input id="name" name="name" autoComplete="name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="contact">{t('contact')}</label>
        <input id="contact" name="contact" type="tel" autoComplete="tel" maxLength={120} value={contact} onChange={(e) => setContact(e.target.value)} />
        <section aria-labelledby="consent-title">
          <h2 id="consent-title">{t('consentTitle')}</h2>
          <p className="consent">{t('consentText')}</p>
          <label className="check"><input type="checkbox" id="consent" checked={consent} onChange={(e) => setConsent(e.target.checked)} /><span>{t('consentCheck')}</span></label>
        </section>
        <section aria-labelledby="selfie-title">
          <h2 id="selfie-title">{t('selfie')}</h2>
          <p className="help">{t('selfieHelp')}</p>
          <Button variant="secondary" id="camera" onClick={() => void startCamera()}>{t('useCamera')}</Button>
          <video id="video" ref={video} playsInline muted hidden={!cameraOn} aria-label={t('cameraPreview')} />
          <Button id="snap" hidden={!cameraOn} onClick={takePhoto}>{t('takePhoto')}</Button>
          <label htmlFor="file">{t('uploadPhoto')}</label>
          <input id="file" type="file" accept="image/jpeg,image/png" onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void fileToB64(f).then(setSelfie);
          }} />
          <img id="preview" alt={t('selfiePreview')} hidden={selfie === null} src={selfie ? `data:image/jpeg;base64,${selfie}` : undefined} />
        </section>
        <ErrorNotice id="error" error={error} />
        <Button type="submit" id="submit" disabled={sending}>{t(sending ? 'sending' : 'submit')}</Button>
      </form>
    </>
  );
}
