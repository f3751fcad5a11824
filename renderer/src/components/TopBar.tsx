// Venue, gate, occupancy and connection state, with the language switch and the staff entry.
import type { KioskState } from '../../../electron/contract/kiosk-api';
import { useLanguage } from '../i18n/LanguageContext';
import { Button } from './Button';

export function LanguageSwitch() {
  const { lang, setLang, t } = useLanguage();
  return (
    <Button variant="ghost" className="lang-switch" onClick={() => setLang(lang === 'id' ? 'en' : 'id')} aria-label={t('switchLanguageLabel')} lang={lang === 'id' ? 'en' : 'id'}>
      {t('switchLanguage')}
    </Button>
  );
}

export function OccupancyText({ current, capacity }: { current: number; capacity: number | null }) {
  const { t } = useLanguage();
  return <span className="occupancy">{capacity === null ? t('occupancyNoCap', { n: current }) : t('occupancy', { n: current, cap: capacity })}</span>;
}

export function TopBar({ state, onStaff }: { state: KioskState | null; onStaff?: () => void }) {
  const { t } = useLanguage();
  const venue = state?.venue ?? null;
  return (
    <header className="topbar">
      <div className="topbar-venue">
        <span className="venue-name">{venue ? venue.name : t('appName')}</span>
        {venue ? <span className="gate-name">{`${venue.gateName} · ${venue.mode === 'exit' ? t('exitGate') : t('entryGate')}`}</span> : null}
      </div>
      <div className="topbar-status">
        {venue && venue.capacity !== null ? <OccupancyText current={venue.occupancy} capacity={venue.capacity} /> : null}
        {state && !state.sync.online ? <span className="chip chip-warn">{t('offline')}</span> : null}
        {state?.sync.riskListStale ? (
          <span className="chip chip-warn">{t(state.sync.riskListVersion === null ? 'noRiskList' : 'staleList')}</span>
        ) : null}
        {state && !state.engine.ready ? <span className="chip chip-warn">{t('engineNotReady')}</span> : null}
      </div>
      <div className="topbar-actions">
        <LanguageSwitch />
        {onStaff ? (
          <Button variant="ghost" onClick={onStaff}>
            {t('staff')}
          </Button>
        ) : null}
      </div>
    </header>
  );
}
