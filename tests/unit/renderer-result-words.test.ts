import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allStringKeys, translate } from '../../renderer/src/i18n/strings';
import { contrastRatio } from '../../renderer/src/lib/contrast';
import { resultKind, resultReason, resultThemes, resultTones } from '../../renderer/src/lib/result-theme';

const medicalWords = /covid|positif|positive|confirmed|terkonfirmasi|suspek|suspect|kontak erat|close contact|isolasi|isolation|sakit|sick|risiko|risk|wajah tidak cocok|mismatch/i;

describe('result screen', () => {
  it('uses the agreed public words and no medical word on any outcome', () => {
    expect(translate('id', resultThemes.ADMIT.titleKey)).toBe('Silakan masuk');
    expect(translate('en', resultThemes.ADMIT.titleKey)).toBe('Please enter');
    for (const k of ['DENY', 'REFER'] as const) {
      expect(translate('id', resultThemes[k].titleKey)).toBe('Mohon temui petugas');
      expect(translate('en', resultThemes[k].titleKey)).toBe('Please see the officer');
    }
    for (const theme of Object.values(resultThemes)) {
      for (const lang of ['id', 'en'] as const) {
        expect(translate(lang, theme.titleKey)).not.toMatch(medicalWords);
        expect(translate(lang, theme.outcomeKey)).not.toMatch(medicalWords);
      }
    }
  });

  it('every outcome has its own colour, icon and tone, and its text passes WCAG AAA (7:1) on its colour', () => {
    const themes = Object.values(resultThemes);
    expect(new Set(themes.map((t) => t.background)).size).toBe(themes.length);
    expect(new Set(themes.map((t) => t.icon)).size).toBe(themes.length);
    const toneSignature = (k: keyof typeof resultTones) => JSON.stringify(resultTones[k]);
    expect(new Set((['ADMIT', 'DENY', 'REFER', 'CHECKOUT'] as const).map(toneSignature)).size).toBe(4);
    for (const t of themes) expect(contrastRatio(t.background, t.foreground), t.kind).toBeGreaterThanOrEqual(7);
  });

  it('says why under the heading when the trusted side gives a reason a visitor may read (closed, age limit), else nothing more', () => {
    const result = (outcome: 'ADMIT' | 'DENY' | 'REFER', publicMessage: { id: string; en: string }) => ({ outcome, publicMessage, visitId: 'v', occupancy: null });
    const child = { id: 'Maaf, anak di bawah 12 tahun belum boleh masuk', en: 'Sorry, children under 12 may not enter' };
    const closed = { id: 'Maaf, tempat ini sudah tutup. Hari ini buka pukul 10.00–22.00 WIB', en: 'Sorry, this venue has closed. Today it was open 10:00–22:00 WIB' };
    expect(resultReason(result('DENY', child), 'DENY')).toEqual(child);
    expect(resultReason(result('DENY', closed), 'DENY')).toEqual(closed);
    expect(resultReason(result('DENY', { id: 'Mohon temui petugas', en: 'Please see the officer' }), 'DENY')).toBeNull();
    expect(resultReason(result('ADMIT', { id: 'Silakan masuk', en: 'Please enter' }), 'ADMIT')).toBeNull();
    expect(resultReason({ ...result('ADMIT', { id: 'Terima kasih', en: 'Thank you' }), checkedOut: true }, 'CHECKOUT')).toBeNull();
  });

  it('an exit-gate check-out shows as its own kind', () => {
    expect(resultKind({ outcome: 'ADMIT', publicMessage: { id: '', en: '' }, visitId: null, occupancy: null, checkedOut: true })).toBe('CHECKOUT');
    expect(resultKind({ outcome: 'DENY', publicMessage: { id: '', en: '' }, visitId: null, occupancy: null })).toBe('DENY');
    // an exit tablet that never saw the entry still says goodbye, never "please enter"
    expect(resultKind({ outcome: 'ADMIT', publicMessage: { id: '', en: '' }, visitId: 'v', occupancy: null, checkedOut: false }, 'exit')).toBe('CHECKOUT');
    expect(resultKind({ outcome: 'ADMIT', publicMessage: { id: '', en: '' }, visitId: 'v', occupancy: null, checkedOut: false }, 'entry')).toBe('ADMIT');
  });
});

describe('screen words', () => {
  it('every string exists in both languages and placeholders match', () => {
    for (const key of allStringKeys()) {
      const id = translate('id', key);
      const en = translate('en', key);
      expect(id.length, key).toBeGreaterThan(0);
      expect(en.length, key).toBeGreaterThan(0);
      const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join(',');
      expect(holes(id), key).toBe(holes(en));
    }
    expect(translate('en', 'occupancy', { n: 3, cap: 50 })).toBe('Visitors inside: 3 / 50');
    expect(translate('id', 'scanPrompt')).toBe('Pindai QR atau masukkan NIK');
  });
});

describe('stylesheet palette', () => {
  const css = readFileSync(new URL('../../renderer/src/styles.css', import.meta.url), 'utf8');
  const v = (name: string) => {
    const m = new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`, 'i').exec(css);
    if (!m) throw new Error(`--${name} not in styles.css`);
    return m[1]!;
  };
  it('text/background pairs meet WCAG AA (4.5:1)', () => {
    const pairs: [string, string][] = [
      [v('text'), v('bg')],
      [v('text'), v('panel')],
      [v('muted'), v('bg')],
      [v('muted'), v('panel')],
      [v('primary-text'), v('primary')],
      [v('secondary-text'), v('secondary-bg')],
      ['#ffffff', v('danger')],
      [v('warn-text'), v('warn-bg')],
      [v('error-text'), v('error-bg')],
    ];
    for (const [fg, bg] of pairs) expect(contrastRatio(fg, bg), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
  });

  it('buttons are at least 48 px tall', () => {
    const m = /\.btn \{[^}]*min-height:\s*(\d+)px/.exec(css);
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(48);
  });
});
