// How each outcome looks and sounds on the public result screen. Colour is never the only signal:
// each outcome also has its own icon, words and tone, for colour-blind visitors and the hard of hearing.
import type { Bilingual, GateMode, GateResult, Outcome } from '../../../electron/contract/kiosk-api';
import type { StringKey } from '../i18n/strings';
import { translate } from '../i18n/strings';

export type ResultKind = Outcome | 'CHECKOUT';

export interface ResultTheme {
  kind: ResultKind;
  background: string;
  foreground: string;
  icon: 'check' | 'cross' | 'officer' | 'exit';
  /** the screen's own heading; the trusted side's publicMessage is shown under it */
  titleKey: StringKey;
  /** an outcome word for screen readers ("Diizinkan") */
  outcomeKey: StringKey;
}

export const resultThemes: Record<ResultKind, ResultTheme> = {
  ADMIT: { kind: 'ADMIT', background: '#0a6129', foreground: '#ffffff', icon: 'check', titleKey: 'admitTitle', outcomeKey: 'outcomeAdmit' },
  DENY: { kind: 'DENY', background: '#a1151a', foreground: '#ffffff', icon: 'cross', titleKey: 'seeOfficer', outcomeKey: 'outcomeDeny' },
  REFER: { kind: 'REFER', background: '#f2b300', foreground: '#1b1400', icon: 'officer', titleKey: 'seeOfficer', outcomeKey: 'outcomeRefer' },
  CHECKOUT: { kind: 'CHECKOUT', background: '#0b4f8a', foreground: '#ffffff', icon: 'exit', titleKey: 'checkedOut', outcomeKey: 'outcomeCheckout' },
};

/** At an exit gate a read is a check-out (whether or not this tablet saw the visitor come in). */
export function resultKind(result: GateResult, mode: GateMode = 'entry'): ResultKind {
  if (result.checkedOut === true) return 'CHECKOUT';
  if (mode === 'exit' && result.outcome === 'ADMIT') return 'CHECKOUT';
  return result.outcome;
}

/**
 * What the trusted side says beyond the heading, shown under it: why the visitor is turned away when the
 * reason is one a visitor may read ("Maaf, tempat ini sudah tutup…", "Anak di bawah 12 tahun…", venue full).
 * Null when its message is just the heading again. It never carries a medical reason (sync/protocol decides).
 */
export function resultReason(result: GateResult, kind: ResultKind): Bilingual | null {
  if (kind === 'CHECKOUT') return null;
  const key = resultThemes[kind].titleKey;
  const m = result.publicMessage;
  return m.id === translate('id', key) && m.en === translate('en', key) ? null : m;
}

export interface ToneStep {
  /** Hz; 0 is a rest */
  frequency: number;
  durationMs: number;
  wave: 'sine' | 'square' | 'triangle';
}

/** Distinct cues: a bright rising pair (admit), three low buzzes (deny), an even two-note chime (refer). */
export const resultTones: Record<ResultKind, ToneStep[]> = {
  ADMIT: [
    { frequency: 880, durationMs: 120, wave: 'sine' },
    { frequency: 1320, durationMs: 220, wave: 'sine' },
  ],
  DENY: [
    { frequency: 220, durationMs: 180, wave: 'square' },
    { frequency: 0, durationMs: 70, wave: 'square' },
    { frequency: 220, durationMs: 180, wave: 'square' },
    { frequency: 0, durationMs: 70, wave: 'square' },
    { frequency: 220, durationMs: 180, wave: 'square' },
  ],
  REFER: [
    { frequency: 660, durationMs: 200, wave: 'triangle' },
    { frequency: 0, durationMs: 90, wave: 'triangle' },
    { frequency: 523, durationMs: 300, wave: 'triangle' },
  ],
  CHECKOUT: [
    { frequency: 1320, durationMs: 120, wave: 'sine' },
    { frequency: 880, durationMs: 200, wave: 'sine' },
  ],
};
