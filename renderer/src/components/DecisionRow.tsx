// One recent decision in the staff panel: what tells the visitor in front of the guard apart (time,
// first name, masked NIK, gate, result), the reason in plain words with what to do (the public screen
// never shows it), an override with a reason code and an optional short note (audited by the trusted
// side; a note never carries a NIK or phone number), and check-out.
// The override form starts with nothing chosen: a guard picks the new outcome on purpose.
import { useState } from 'react';
import type { ApiError, KioskApi, Outcome, OverrideReasonCode, StaffDecision } from '../../../electron/contract/kiosk-api';
import { hasNikLikeDigits, OVERRIDE_NOTE_MAX, OVERRIDE_REASON_CODES, OVERRIDE_REASONS } from '../../../electron/contract/kiosk-api';
import { useLanguage } from '../i18n/LanguageContext';
import { reasonWords, staffAdvice } from '../i18n/reason-words';
import { isStaffAuthError } from '../lib/auth-error';
import { formatTime } from '../lib/format';
import { resultThemes } from '../lib/result-theme';
import { Button } from './Button';
import { KeyboardField } from './KeyboardField';
import { ErrorNotice } from './Notice';

interface DecisionRowProps {
  api: KioskApi;
  token: string;
  decision: StaffDecision;
  onChanged: (message: string | null) => void;
  onAuthError: (e: ApiError) => void;
}

const outcomes: Outcome[] = ['ADMIT', 'REFER', 'DENY'];

export function DecisionRow({ api, token, decision, onChanged, onAuthError }: DecisionRowProps) {
  const { t, pick, lang } = useLanguage();
  const [editing, setEditing] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [reason, setReason] = useState<OverrideReasonCode | null>(null);
  const [note, setNote] = useState('');
  const noteHasNumber = hasNikLikeDigits(note);
  const [error, setError] = useState<ApiError | null>(null);
  const effective = decision.overridden?.outcome ?? decision.outcome;
  const idBase = `d-${decision.visitId}`;
  const words = reasonWords(decision.reason);

  const handle = (res: { ok: true } | { ok: false; error: ApiError }, okMessage: string | null) => {
    if (res.ok) {
      setEditing(false);
      setReason(null);
      setNote('');
      setOutcome(null);
      setError(null);
      onChanged(okMessage);
    } else if (isStaffAuthError(res.error.code)) onAuthError(res.error);
    else setError(res.error);
  };

  return (
    <li className={`decision decision-${effective.toLowerCase()}`} data-visit-id={decision.visitId}>
      <div className="decision-head">
        <span className="decision-outcome" style={{ background: resultThemes[effective].background, color: resultThemes[effective].foreground }}>
          {t(resultThemes[effective].outcomeKey)}
        </span>
        <span className="decision-time">{formatTime(decision.at, lang)}</span>
        <span className="decision-name">{decision.displayName ?? '—'}</span>
        <span className="decision-nik">
          <span className="visually-hidden">{t('maskedNikLabel')}: </span>
          {decision.maskedNik ?? '—'}
        </span>
        {decision.gateName ? <span className="decision-gate">{decision.gateName}</span> : null}
      </div>
      <p className="decision-reason" data-reason={decision.reason}>
        {words ? <strong>{pick(words)}. </strong> : null}
        {staffAdvice(pick(decision.staffMessage))}
      </p>
      {decision.overridden ? (
        <p className="decision-override">{t('overridden', { o: t(resultThemes[decision.overridden.outcome].outcomeKey), r: decision.overridden.reason })}</p>
      ) : null}
      <div className="decision-actions">
        <Button variant="secondary" onClick={() => setEditing((e) => !e)} aria-expanded={editing} aria-controls={`${idBase}-form`}>
          {t('overrideTo')}
        </Button>
        {effective === 'ADMIT' ? (
          <Button
            variant="secondary"
            onClick={() =>
              void api.checkOut({ token, visitId: decision.visitId }).then((res) => handle(res.ok ? { ok: true } : res, res.ok ? t('checkedOutOk', { n: res.value.occupancy }) : null))
            }
          >
            {t('checkOut')}
          </Button>
        ) : null}
      </div>
      {editing ? (
        <form
          id={`${idBase}-form`}
          className="override-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (outcome === null || reason === null) return;
            void api.override({ token, visitId: decision.visitId, outcome, reason, note: note.trim() === '' ? null : note.trim() }).then((res) => handle(res.ok ? { ok: true } : res, null));
          }}
        >
          <fieldset>
            <legend>{t('overrideTo')}</legend>
            {outcomes.map((o) => (
              <label key={o} className="radio">
                <input type="radio" name={`${idBase}-outcome`} value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
                {t(resultThemes[o].outcomeKey)}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('overrideReason')}</legend>
            {OVERRIDE_REASON_CODES.map((c) => (
              <label key={c} className="radio">
                <input type="radio" name={`${idBase}-reason`} value={c} checked={reason === c} onChange={() => setReason(c)} />
                {pick(OVERRIDE_REASONS[c])}
              </label>
            ))}
          </fieldset>
          <KeyboardField id={`${idBase}-note`} label={t('overrideNote')} value={note} onChange={setNote} multiline maxLength={OVERRIDE_NOTE_MAX} />
          {noteHasNumber ? <p className="notice-error" role="alert">{t('overrideNoteNumber')}</p> : null}
          <ErrorNotice error={error} />
          <Button type="submit" disabled={outcome === null || reason === null || noteHasNumber || (reason === 'OTHER' && note.trim() === '')}>
            {t('overrideSave')}
          </Button>
        </form>
      ) : error ? (
        <ErrorNotice error={error} />
      ) : null}
    </li>
  );
}
