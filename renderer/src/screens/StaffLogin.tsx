// The staff PIN keypad. The PIN is checked by the trusted side, which hands back a short-lived token.
import { useState } from 'react';
import type { ApiError, KioskApi, KioskState } from '../../../electron/contract/kiosk-api';
import { Button } from '../components/Button';
import { Keypad } from '../components/Keypad';
import { ErrorNotice } from '../components/Notice';
import { TopBar } from '../components/TopBar';
import { useLanguage } from '../i18n/LanguageContext';

interface StaffLoginProps {
  api: KioskApi;
  state: KioskState | null;
  onUnlocked: (token: string) => void;
  onCancel: () => void;
}

export function StaffLogin({ api, state, onUnlocked, onCancel }: StaffLoginProps) {
  const { t } = useLanguage();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    const res = await api.staffUnlock({ pin });
    setBusy(false);
    setPin('');
    if (res.ok) onUnlocked(res.value.token);
    else setError(res.error);
  };

  return (
    <div className="screen staff-login">
      <TopBar state={state} />
      <main className="narrow">
        <h1>{t('staffLogin')}</h1>
        <label className="nik-label" htmlFor="pin-display">
          {t('enterPin')}
        </label>
        <output id="pin-display" className="nik-display pin-display" aria-live="polite">
          {pin.length > 0 ? '•'.repeat(pin.length) : '—'}
        </output>
        <ErrorNotice error={error} />
        <Keypad
          onDigit={(d) => {
            setError(null);
            setPin((p) => (p.length < 8 ? p + d : p));
          }}
          onDelete={() => setPin((p) => p.slice(0, -1))}
          onClear={() => setPin('')}
          onSubmit={() => void submit()}
          submitDisabled={busy || pin.length < 4}
          submitLabel={t('staffLogin')}
        />
        <Button variant="secondary" onClick={onCancel}>
          {t('back')}
        </Button>
      </main>
    </div>
  );
}
