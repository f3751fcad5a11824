// Staff panel (after the PIN): recent decisions with their staff reasons, overrides, check-out,
// on-the-spot registration, occupancy, and the way to diagnostics.
import { useCallback, useState } from 'react';
import type { ApiError, KioskApi, KioskState } from '../../../electron/contract/kiosk-api';
import { Button } from '../components/Button';
import { DecisionRow } from '../components/DecisionRow';
import { ErrorNotice, InfoNotice } from '../components/Notice';
import { RegisterForm } from '../components/RegisterForm';
import { OccupancyText, TopBar } from '../components/TopBar';
import { useLanguage } from '../i18n/LanguageContext';
import { useStaffQuery } from '../lib/use-staff-query';

interface StaffPanelProps {
  api: KioskApi;
  state: KioskState | null;
  token: string;
  onLock: () => void;
  onAuthError: (e: ApiError) => void;
  onDiagnostics: () => void;
  onStateChanged: () => void;
}

type Tab = 'decisions' | 'register';

export function StaffPanel({ api, state, token, onLock, onAuthError, onDiagnostics, onStateChanged }: StaffPanelProps) {
  const { t } = useLanguage();
  const [tab, setTab] = useState<Tab>('decisions');
  const fetchDecisions = useCallback(() => api.recentDecisions({ token }), [api, token]);
  const { data: decisions, error, reload: load } = useStaffQuery(fetchDecisions, onAuthError);
  const [info, setInfo] = useState<string | null>(null);

  const venue = state?.venue ?? null;
  return (
    <div className="screen staff-panel">
      <TopBar state={state} />
      <main className="staff-body">
        <div className="staff-head">
          <h1>{t('staffPanel')}</h1>
          {venue ? <OccupancyText current={venue.occupancy} capacity={venue.capacity} /> : null}
          <div className="staff-head-actions">
            <Button variant="ghost" onClick={() => void load()}>
              {t('refresh')}
            </Button>
            <Button variant="secondary" onClick={onDiagnostics}>
              {t('diagnostics')}
            </Button>
            <Button
              variant="danger"
              onClick={() => {
                void api.staffLock({ token });
                onLock();
              }}
            >
              {t('lock')}
            </Button>
          </div>
        </div>
        <div className="tabs" role="tablist" aria-label={t('staffPanel')}>
          <Button variant={tab === 'decisions' ? 'primary' : 'secondary'} role="tab" aria-selected={tab === 'decisions'} onClick={() => setTab('decisions')}>
            {t('recentDecisions')}
          </Button>
          <Button variant={tab === 'register' ? 'primary' : 'secondary'} role="tab" aria-selected={tab === 'register'} onClick={() => setTab('register')}>
            {t('register')}
          </Button>
        </div>
        <ErrorNotice error={error} />
        <InfoNotice message={info} />
        {tab === 'decisions' ? (
          <section aria-label={t('recentDecisions')} role="tabpanel">
            {decisions && decisions.length === 0 ? <p>{t('noDecisions')}</p> : null}
            <ul className="decisions">
              {(decisions ?? []).map((d) => (
                <DecisionRow
                  key={d.visitId}
                  api={api}
                  token={token}
                  decision={d}
                  onAuthError={onAuthError}
                  onChanged={(message) => {
                    setInfo(message);
                    onStateChanged();
                    void load();
                  }}
                />
              ))}
            </ul>
          </section>
        ) : (
          <section role="tabpanel" aria-label={t('register')}>
            <RegisterForm api={api} token={token} onAuthError={onAuthError} />
          </section>
        )}
      </main>
    </div>
  );
}
