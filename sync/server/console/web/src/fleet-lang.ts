// The language of the venue pages: a translate function that stays the same while the language does
// (the chart redraws only when its data or the language change).
import { useCallback, useContext } from 'react';
import { LangContext } from './i18n';
import type { Bi, Lang } from './i18n';

export function useLang(): { lang: Lang; t: (b: Bi) => string; when: (iso: string | null) => string } {
  const lang = useContext(LangContext);
  const t = useCallback((b: Bi) => b[lang], [lang]);
  const when = useCallback((iso: string | null) => (iso ? new Date(iso).toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB', { timeZone: 'Asia/Jakarta', dateStyle: 'medium', timeStyle: 'short' }) : '—'), [lang]);
  return { lang, t, when };
}
