// First run (IT staff): server URL and one-time enrolment code, camera choice with a live test, and
// the admin PIN. Enrolment itself (device key, pinned city keys) happens on the trusted side.
import { useEffect, useRef, useState } from 'react';
import type { ApiError, KioskApi, KioskState } from '../../../electron/contract/kiosk-api';
import { useCamera } from '../camera/CameraContext';
import { CameraView } from '../camera/CameraView';
import { Button } from '../components/Button';
import { KeyboardField } from '../components/KeyboardField';
import { ErrorNotice, InfoNotice } from '../components/Notice';
import { LanguageSwitch } from '../components/TopBar';
import { useLanguage } from '../i18n/LanguageContext';
import { validateSetup, type SetupInput } from '../lib/setup-validate';

interface SetupProps {
  api: KioskApi;
  state: KioskState | null;
  onProvisioned: () => void;
}

export function Setup({ api, state, onProvisioned }: SetupProps) {
  const { t } = useLanguage();
  const camera = useCamera();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [input, setInput] = useState<SetupInput>({ serverUrl: '', code: '', pin: '', pinRepeat: '', staffPin: '' });
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const problems = validateSetup(input);
  const problemFor = (f: keyof SetupInput) => (touched ? problems.find((p) => p.field === f) : undefined);

  useEffect(() => {
    // labels are only filled in once camera permission was granted, i.e. after the stream opened
    void navigator.mediaDevices?.enumerateDevices().then((all) => setDevices(all.filter((d) => d.kind === 'videoinput')));
  }, [camera.stream]);


  const submit = async () => {
    setTouched(true);
    if (problems.length > 0) return;
    setBusy(true);
    setError(null);
    const res = await api.provision({
      serverUrl: input.serverUrl.trim(),
      code: input.code.trim(),
      adminPin: input.pin,
      cameraId: camera.deviceId,
      ...(input.staffPin !== '' ? { staffPin: input.staffPin } : {}),
    });
    setBusy(false);
    if (res.ok) {
      setDone(t('provisioned', { venue: res.value.venueName, gate: res.value.gateName }));
      onProvisioned();
    } else setError(res.error);
  };

  const field = (f: keyof SetupInput, label: string, type: 'text' | 'url' | 'password', extra: React.InputHTMLAttributes<HTMLInputElement> = {}) => {
    const problem = problemFor(f);
    const pinField = type === 'password';
    return (
      <KeyboardField
        id={`setup-${f}`}
        label={label}
        type={type}
        layout={pinField ? 'digits' : 'text'}
        value={input[f]}
        onChange={(v) => setInput((i) => ({ ...i, [f]: v }))}
        {...(pinField ? { maxLength: 8 } : {})}
        inputProps={{ 'aria-invalid': problem ? true : undefined, 'aria-describedby': problem ? `setup-${f}-err` : undefined, ...extra }}
      >
        {problem ? (
          <span id={`setup-${f}-err`} className="field-error">
            {t(problem.key)}
          </span>
        ) : null}
      </KeyboardField>
    );
  };

  return (
    <div className="screen setup">
      <header className="topbar">
        <div className="topbar-venue">
          <span className="venue-name">{t('appName')}</span>
          <span className="gate-name">{state ? `v${state.appVersion}` : ''}</span>
        </div>
        <div className="topbar-actions">
          <LanguageSwitch />
        </div>
      </header>
      <main className="setup-body">
        <form
          className="setup-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h1>{t('setupTitle')}</h1>
          <p>{t('setupIntro')}</p>
          {field('serverUrl', t('serverUrl'), 'url', { placeholder: 'https://jejak.bogorkota.go.id', autoComplete: 'off', spellCheck: false })}
          {field('code', t('enrolCode'), 'text', { autoComplete: 'off', spellCheck: false, autoCapitalize: 'characters' })}
          {field('pin', t('adminPin'), 'password', { autoComplete: 'new-password' })}
          {field('pinRepeat', t('adminPinRepeat'), 'password', { autoComplete: 'new-password' })}
          {field('staffPin', t('staffPin'), 'password', { autoComplete: 'new-password' })}
          <ErrorNotice error={error} />
          <InfoNotice message={busy ? t('provisioning') : done} />
          <Button type="submit" disabled={busy}>
            {t('provision')}
          </Button>
        </form>
        <section className="setup-camera" aria-labelledby="camera-test-title">
          <h2 id="camera-test-title">{t('cameraTest')}</h2>
          <label htmlFor="setup-camera">{t('camera')}</label>
          <select id="setup-camera" value={camera.deviceId ?? ''} onChange={(e) => camera.useDevice(e.target.value === '' ? null : e.target.value)}>
            <option value="">{t('cameraDefault')}</option>
            {devices.map((d, i) => (
              <option key={d.deviceId || i} value={d.deviceId}>
                {d.label || `${t('camera')} ${i + 1}`}
              </option>
            ))}
          </select>
          <CameraView videoRef={videoRef} guide="face" />
          <p className="hint">{camera.fps !== null ? t('fpsValue', { fps: camera.fps }) : '\u00a0'}</p>
        </section>
      </main>
    </div>
  );
}
