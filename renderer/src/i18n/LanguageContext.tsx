// The visitor's chosen language, shared by every screen. Bahasa Indonesia unless switched.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Bilingual, Language } from '../../../electron/contract/kiosk-api';
import { translate, type StringKey } from './strings';

interface LanguageValue {
  lang: Language;
  setLang: (l: Language) => void;
  t: (key: StringKey, vars?: Record<string, string | number>) => string;
  /** pick this language out of a message the trusted side sent in both */
  pick: (m: Bilingual) => string;
}

const LanguageContext = createContext<LanguageValue | null>(null);

export function LanguageProvider({ children, initial = 'id' }: { children: ReactNode; initial?: Language }) {
  const [lang, setLangState] = useState<Language>(initial);
  const setLang = useCallback((l: Language) => {
    setLangState(l);
    document.documentElement.lang = l;
  }, []);
  const value = useMemo<LanguageValue>(
    () => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars), pick: (m) => m[lang] }),
    [lang, setLang],
  );
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageValue {
  const v = useContext(LanguageContext);
  if (!v) throw new Error('useLanguage outside LanguageProvider');
  return v;
}
