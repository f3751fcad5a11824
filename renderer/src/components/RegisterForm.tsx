// On-the-spot registration by staff for a visitor without the app: NIK, name, consent and a selfie
// taken here. The trusted side checks the NIK rules and the selfie's quality and queues it for the
// server; its bilingual refusal (e.g. "face too small") is shown as sent.
import { useRef, useState } from 'react';
import type { ApiError, KioskApi } from '../../../electron/contract/kiosk-api';
import { CameraView } from '../camera/CameraView';
import { useLanguage } from '../i18n/LanguageContext';
import { bilingual } from '../i18n/strings';
import { isStaffAuthError } from '../lib/auth-error';
import { grabJpegBase64, videoReady } from '../lib/frames';
import { Button } from './Button';
import { KeyboardField } from './KeyboardField';
import { ErrorNotice, InfoNotice } from './Notice';

interface RegisterFormProps {
  api: KioskApi;
  token: string;
  onAuthError: (e: ApiError) => void;
}

export function RegisterForm({ api, token, onAuthError }: RegisterFormProps) {
  const { t } = useLanguage();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [nik, setNik] = useState('');
  const [name, setName] = useState('');
  const [consent, setConsent] = useState(false);
  const [selfie, setSelfie] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const take = () => {
    const video = videoRef.current;
    if (!videoReady(video)) return;
    setSelfie(grabJpegBase64(video, document.createElement('canvas')));
    setError(null);
  };

  const submit = async () => {
    setDone(null);
    if (!consent) return setError({ code: 'CONSENT_REQUIRED', message: bilingual('consentNeeded') });
    if (!selfie) return setError({ code: 'SELFIE_REQUIRED', message: bilingual('selfieNeeded') });
    setBusy(true);
    const res = await api.registerVisitor({ token, nik, name, consent: true, selfieJpegBase64: selfie });
    setBusy(false);
    if (res.ok) {
      setError(null);
      setDone(res.value.queued ? t('registeredQueued') : t('registered'));
      setNik('');
      setName('');
      setConsent(false);
      setSelfie(null);
    } else if (isStaffAuthError(res.error.code)) onAuthError(res.error);
    else setError(res.error);
  };

  return (
    <form
      className="register-form"
      aria-labelledby="register-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="register-title">{t('register')}</h2>
      <div className="register-grid">
        <div className="register-fields">
          <KeyboardField id="reg-nik" label={t('nikField')} layout="digits" value={nik} onChange={setNik} maxLength={40} />
          <KeyboardField id="reg-name" label={t('registerName')} value={name} onChange={setName} maxLength={100} />
          <label className="checkbox">
            <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
            <span>{t('registerConsent')}</span>
          </label>
        </div>
        <div className="register-photo">
          {selfie ? <img src={`data:image/jpeg;base64,${selfie}`} alt={t('selfieTaken')} className="selfie" /> : <CameraView videoRef={videoRef} />}
          <Button variant="secondary" onClick={selfie ? () => setSelfie(null) : take}>
            {selfie ? t('retakeSelfie') : t('takeSelfie')}
          </Button>
        </div>
      </div>
      <ErrorNotice error={error} />
      <InfoNotice message={done} />
      <Button type="submit" disabled={busy || nik.length === 0 || name.trim().length < 2}>
        {t('registerSave')}
      </Button>
    </form>
  );
}
