// The pieces both residents' pages share: the header with the language switch, the announced error
// and status lines (as the kiosk's components/Notice.tsx), the one button style.
import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { LanguageProvider, useLanguage } from './LanguageContext';
import type { PageError } from './api';
import type { Bi, Key } from './strings';

export function Button({ variant = 'primary', className, type = 'button', ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' }) {
  const classes = [variant === 'secondary' ? 'secondary' : '', className ?? ''].filter(Boolean).join(' ');
  return <button type={type} className={classes || undefined} {...rest} />;
}

/** Announced at once (role=alert); hidden while there is nothing to say. */
export function ErrorNotice({ id, error }: { id: string; error: PageError | null }) {
  const { pick } = useLanguage();
  return (
    <p id={id} className="error" role="alert" hidden={error === null} data-code={error?.code ?? ''}>
      {error ? pick(error.text) : ''}
    </p>
  );
}

/** Announced politely (role=status). */
export function InfoNotice({ id, message, code = '' }: { id: string; message: Bi | null; code?: string }) {
  const { pick } = useLanguage();
  return (
    <p id={id} className="notice" role="status" hidden={message === null} data-code={code}>
      {message ? pick(message) : ''}
    </p>
  );
}

function Header({ title }: { title: Key }) {
  const { t, toggle } = useLanguage();
  return (
    <header>
      <h1>{t(title)}</h1>
      <button type="button" id="lang" onClick={toggle}>
        {t('switchLang')}
      </button>
    </header>
  );
}

export function Page({ title, children }: { title: Key; children: ReactNode }) {
  return (
    <LanguageProvider title={title}>
      <Header title={title} />
      <main>{children}</main>
    </LanguageProvider>
  );
}
