// The tablet has no physical keyboard: every text field gets this one (letters for names and reasons,
// digits for NIKs and PINs). Keys never take the focus from the field (pointer-down is cancelled), so
// the field stays the one being typed into and a hardware keyboard still works beside it.
import { useState, type PointerEvent as ReactPointerEvent, type MouseEvent as ReactMouseEvent } from 'react';
import { useLanguage } from '../i18n/LanguageContext';
import { Button } from './Button';

export type KeyboardLayout = 'text' | 'digits';

interface OnScreenKeyboardProps {
  layout: KeyboardLayout;
  /** what the keys type into, for screen readers ("Keyboard for: Full name") */
  label: string;
  onKey: (text: string) => void;
  onBackspace: () => void;
  onDone: () => void;
}

const TEXT_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', ".,-'/:@_"];
const DIGIT_ROWS = ['123', '456', '789'];

const keepFocus = (e: ReactPointerEvent | ReactMouseEvent) => e.preventDefault();

export function OnScreenKeyboard({ layout, label, onKey, onBackspace, onDone }: OnScreenKeyboardProps) {
  const { t } = useLanguage();
  const [shift, setShift] = useState(false);
  const key = (ch: string) => {
    const text = shift ? ch.toUpperCase() : ch;
    return (
      <Button key={ch} variant="secondary" className="osk-key" onPointerDown={keepFocus} onMouseDown={keepFocus} onClick={() => {
        onKey(text);
        setShift(false); // one capital, like a phone keyboard
      }}>
        {text}
      </Button>
    );
  };
  const backspace = (
    <Button variant="secondary" className="osk-key osk-wide" onPointerDown={keepFocus} onMouseDown={keepFocus} onClick={onBackspace} aria-label={t('deleteChar')}>
      ⌫
    </Button>
  );
  const done = (
    <Button className="osk-key osk-wide" onPointerDown={keepFocus} onMouseDown={keepFocus} onClick={onDone}>
      {t('keyboardDone')}
    </Button>
  );
  if (layout === 'digits') {
    return (
      <div className="osk osk-digits" role="group" aria-label={t('keyboardFor', { field: label })}>
        {DIGIT_ROWS.map((row) => (
          <div key={row} className="osk-row">
            {row.split('').map(key)}
          </div>
        ))}
        <div className="osk-row">
          {backspace}
          {key('0')}
          {done}
        </div>
      </div>
    );
  }
  return (
    <div className="osk" role="group" aria-label={t('keyboardFor', { field: label })}>
      {TEXT_ROWS.map((row, i) => (
        <div key={row} className="osk-row">
          {i === 3 ? (
            <Button variant={shift ? 'primary' : 'secondary'} className="osk-key osk-wide" onPointerDown={keepFocus} onMouseDown={keepFocus} onClick={() => setShift((s) => !s)} aria-pressed={shift} aria-label={t('shiftKey')}>
              ⇧
            </Button>
          ) : null}
          {row.split('').map(key)}
          {i === 3 ? backspace : null}
        </div>
      ))}
      <div className="osk-row">
        <Button variant="secondary" className="osk-key osk-space" onPointerDown={keepFocus} onMouseDown={keepFocus} onClick={() => onKey(' ')} aria-label={t('spaceKey')}>
          {t('spaceKey')}
        </Button>
        {done}
      </div>
    </div>
  );
}
