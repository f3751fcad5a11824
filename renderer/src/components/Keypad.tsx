// A large numeric keypad for NIK and PIN entry; the physical keyboard is left to the scanner.
import { useLanguage } from '../i18n/LanguageContext';
import { Button } from './Button';

interface KeypadProps {
  onDigit: (d: string) => void;
  onDelete: () => void;
  onClear: () => void;
  onSubmit: () => void;
  submitDisabled?: boolean;
  submitLabel?: string;
}

const rows = [['1', '2', '3'], ['4', '5', '6'], ['7', '8', '9']];

export function Keypad({ onDigit, onDelete, onClear, onSubmit, submitDisabled, submitLabel }: KeypadProps) {
  const { t } = useLanguage();
  return (
    <div className="keypad" role="group" aria-label={t('enterNik')}>
      {rows.flat().map((d) => (
        <Button key={d} variant="secondary" className="key" onClick={() => onDigit(d)} aria-label={t('digit', { n: d })}>
          {d}
        </Button>
      ))}
      <Button variant="secondary" className="key key-small" onClick={onClear}>
        {t('clearAll')}
      </Button>
      <Button variant="secondary" className="key" onClick={() => onDigit('0')} aria-label={t('digit', { n: '0' })}>
        0
      </Button>
      <Button variant="secondary" className="key" onClick={onDelete} aria-label={t('deleteDigit')}>
        ⌫
      </Button>
      <Button className="key key-submit" onClick={onSubmit} disabled={submitDisabled}>
        {submitLabel ?? t('submit')}
      </Button>
    </div>
  );
}
