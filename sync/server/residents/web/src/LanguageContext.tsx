// The chosen language, shared by the page (as the kiosk's renderer/src/i18n/LanguageContext.tsx):
// Bahasa Indonesia unless switched; the switch is remembered in localStorage and sets <html lang>.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { T, type Bi, type Key, type Lang } from './strings';

const STORAGE_KEY = 'jejak-lang';

interface LanguageValue {
  lang: Lang;
  toggle: () => void;
  t: (key: Key) => string;
  /** this language out of a message that came in both (the server's errors and guidance) */
  pick: (m: Bi) => string;
}

const LanguageContext = createContext<LanguageValue | null>(null);

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

export function LanguageProvider({ title, children }: { title: Key; children: ReactNode }) {
  const [lang, setLang] = useState<Lang>(storedLang);
  const toggle = useCallback(() => {
    setLang((l) => {
      const next = l === 'id' ? 'en' : 'id';
      try {
        localStorage.setItem(STORAGE_KEY, next);
      } catch {
        /* private mode: the switch lasts until the page is left */
      }
      return next;
    });
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = T[title][lang];
  }, [lang, title]);
  const value = useMemo<LanguageValue>(() => ({ lang, toggle, t: (key) => T[key][lang], pick: (m) => m[lang] }), [lang, toggle]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageValue {
  const v = useContext(LanguageContext);
  if (!v) throw new Error('useLanguage outside LanguageProvider');
  return v;
}
