// Gate, idle: the camera looks for a QR code, a USB scanner may type one, or the visitor keys in
// their NIK. Whatever arrives goes to the trusted side; its bilingual error is shown as sent.
import { useCallback, useRef, useState } from 'react';
import type { ApiError, KioskApi, KioskState, ScanResponse, ScanSource } from '../../../electron/contract/kiosk-api';
import { CameraView } from '../camera/CameraView';
import { useQrScanner } from '../camera/useQrScanner';
import { useScannerKeys } from '../camera/useScannerKeys';
import { Keypad } from '../components/Keypad';
import { ErrorNotice, InfoNotice } from '../components/Notice';
import { TopBar } from '../components/TopBar';
import { useLanguage } from '../i18n/LanguageContext';
import { appendDigit, deleteDigit, digitsLeft, groupNik, NIK_LENGTH } from '../lib/nik-input';
import { acceptScan, type DebounceState } from '../lib/scan-debounce';

interface GateIdleProps {
  api: KioskApi;
  state: KioskState;
  onResponse: (r: ScanResponse) => void;
  onStaff: () => void;
  /** the QR handled last stays ignored while it is still in front of the camera */
  debounce: { current: DebounceState };
}

/** A handled code is read again only after it has been out of the camera's sight this long (~12 decodes missed in a row). */
export const QR_GONE_MS = 1500;

export function GateIdle({ api, state, onResponse, onStaff, debounce }: GateIdleProps) {
  const { t } = useLanguage();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [nik, setNik] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const busyRef = useRef(false);
  const exit = state.venue?.mode === 'exit';

  const submit = useCallback(
    async (text: string, source: ScanSource) => {
      if (busyRef.current) return;
      if (source !== 'keypad') {
        const step = acceptScan(debounce.current, text, performance.now(), QR_GONE_MS);
        debounce.current = step.state;
        if (!step.accept) return;
      }
      busyRef.current = true;
      setBusy(true);
      setError(null);
      const res = await api.submitScan({ text, source });
      busyRef.current = false;
      setBusy(false);
      if (res.ok) {
        setNik('');
        onResponse(res.value);
      } else {
        setError(res.error);
      }
    },
    [api, onResponse, debounce],
  );

  useQrScanner(videoRef, !busy, (text) => void submit(text, 'camera'));
  useScannerKeys(!busy, (text) => void submit(text, 'scanner'));

  return (
    <div className={`screen gate-idle${exit ? ' gate-exit' : ''}`}>
      <TopBar state={state} onStaff={onStaff} />
      <main className="gate-body">
        <section className="gate-camera" aria-labelledby="scan-title">
          <h1 id="scan-title" className="prompt">
            {exit ? t('scanPromptExit') : t('scanPrompt')}
          </h1>
          <CameraView videoRef={videoRef} />
          <p className="hint">{t('scanHint')}</p>
        </section>
        <section className="gate-keypad" aria-label={t('enterNik')}>
          <label className="nik-label" htmlFor="nik-display">
            {t('nikField')}
          </label>
          <output id="nik-display" className="nik-display" aria-live="polite">
            {nik.length > 0 ? groupNik(nik) : '—'}
          </output>
          {error ? null : <p className="nik-left">{nik.length > 0 && nik.length < NIK_LENGTH ? t('nikDigitsLeft', { n: digitsLeft(nik) }) : '\u00a0'}</p>}
          <ErrorNotice error={error} />
          <InfoNotice message={busy ? (state.engine.error?.code === 'ENGINE_LOADING' ? t('preparingFace') : t('checking')) : null} />
          <Keypad
            onDigit={(d) => {
              setError(null);
              setNik((n) => appendDigit(n, d));
            }}
            onDelete={() => setNik(deleteDigit)}
            onClear={() => {
              setNik('');
              setError(null);
            }}
            onSubmit={() => void submit(nik, 'keypad')}
            submitDisabled={busy || nik.length === 0}
          />
        </section>
      </main>
    </div>
  );
}
