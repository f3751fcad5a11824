// An error or info line that screen readers announce. Errors from the trusted side arrive bilingual.
import type { ApiError, Bilingual } from '../../../electron/contract/kiosk-api';
import { useLanguage } from '../i18n/LanguageContext';

export function ErrorNotice({ error }: { error: ApiError | null }) {
  const { pick } = useLanguage();
  return (
    <div className="notice notice-error" role="alert" aria-live="assertive" data-code={error?.code}>
      {error ? pick(error.message) : null}
    </div>
  );
}

export function InfoNotice({ message }: { message: Bilingual | string | null }) {
  const { pick } = useLanguage();
  return (
    <div className="notice notice-info" role="status" aria-live="polite">
      {message === null ? null : typeof message === 'string' ? message : pick(message)}
    </div>
  );
}
