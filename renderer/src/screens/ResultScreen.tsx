// The public result: full-screen colour, icon, words and a tone, readable from two metres. Its heading
// is fixed per outcome; under it the trusted side's public message when it says why (closed, age limit,
// full), which sync/protocol words never to name a medical reason. It returns to the gate by itself.
import { useEffect, useState } from 'react';
import type { GateMode, GateResult } from '../../../electron/contract/kiosk-api';
import { Icon } from '../components/Icon';
import { OccupancyText } from '../components/TopBar';
import { useLanguage } from '../i18n/LanguageContext';
import { translate } from '../i18n/strings';
import { resultKind, resultReason, resultThemes } from '../lib/result-theme';
import { playResultTone } from '../lib/sound';

interface ResultScreenProps {
  result: GateResult;
  mode: GateMode;
  seconds: number;
  onDone: () => void;
}

export function ResultScreen({ result, mode, seconds, onDone }: ResultScreenProps) {
  const { lang, t } = useLanguage();
  const kind = resultKind(result, mode);
  const theme = resultThemes[kind];
  const [left, setLeft] = useState(Math.max(1, Math.round(seconds)));
  const other = lang === 'id' ? 'en' : 'id';
  const reason = resultReason(result, kind);

  useEffect(() => {
    playResultTone(kind);
  }, [kind, result]);

  useEffect(() => {
    const timer = setInterval(() => setLeft((n) => n - 1), 1000);
    return () => clearInterval(timer);
  }, [result]);

  useEffect(() => {
    if (left <= 0) onDone();
  }, [left, onDone]);

  return (
    <main
      className={`screen result result-${kind.toLowerCase()}`}
      style={{ background: theme.background, color: theme.foreground }}
      data-outcome={result.outcome}
      data-kind={kind}
      aria-labelledby="result-title"
    >
      <div className="result-icon">
        <Icon name={theme.icon} size={220} />
      </div>
      <h1 id="result-title" className="result-title" role="alert">
        <span className="visually-hidden">{t(theme.outcomeKey)}. </span>
        {t(theme.titleKey)}
      </h1>
      <p className="result-other" lang={other}>
        {translate(other, theme.titleKey)}
      </p>
      {reason ? (
        <>
          <p className="result-reason">{reason[lang]}</p>
          <p className="result-reason-other" lang={other}>{reason[other]}</p>
        </>
      ) : null}
      {/* the trusted side sends a name only after the live face matched and the visitor may enter */}
      {result.greetingName ? <p className="result-welcome">{t('welcomeName', { name: result.greetingName })}</p> : null}
      {result.occupancy && result.occupancy.capacity !== null ? (
        <p className="result-occupancy">
          <OccupancyText current={result.occupancy.current} capacity={result.occupancy.capacity} />
        </p>
      ) : null}
      <p className="result-return">{t('returningIn', { n: Math.max(0, left) })}</p>
    </main>
  );
}
