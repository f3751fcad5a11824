// A labelled text field with the on-screen keyboard under it while it is being filled in. The keyboard
// opens when the field gets the focus and stays until its "done" key or until another field's keyboard
// opens (one at a time). It does not close when the focus leaves: closing on blur would move the
// buttons below it up between a finger's touch and its release, and the tap would miss.
import { useEffect, useId, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { OnScreenKeyboard, type KeyboardLayout } from './OnScreenKeyboard';

/** window event: a field's keyboard opened (detail: its id); the others close */
const KEYBOARD_OPENED = 'jejak:keyboard-opened';

interface KeyboardFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  layout?: KeyboardLayout;
  multiline?: boolean;
  type?: 'text' | 'password' | 'url';
  maxLength?: number;
  /** more attributes for the input (aria-invalid, placeholder, autoComplete, …) */
  inputProps?: InputHTMLAttributes<HTMLInputElement>;
  className?: string;
  /** shown under the field (e.g. its error) */
  children?: ReactNode;
}

export function KeyboardField({ id, label, value, onChange, layout = 'text', multiline = false, type = 'text', maxLength, inputProps, className, children }: KeyboardFieldProps) {
  const [open, setOpen] = useState(false);
  const self = useId();
  useEffect(() => {
    const onOpen = (e: Event) => {
      if ((e as CustomEvent<string>).detail !== self) setOpen(false);
    };
    window.addEventListener(KEYBOARD_OPENED, onOpen);
    return () => window.removeEventListener(KEYBOARD_OPENED, onOpen);
  }, [self]);
  const set = (v: string) => onChange(maxLength !== undefined ? v.slice(0, maxLength) : v);
  const common = {
    id,
    value,
    maxLength,
    onFocus: () => {
      setOpen(true);
      window.dispatchEvent(new CustomEvent(KEYBOARD_OPENED, { detail: self }));
    },
  };
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea autoComplete="off" {...common} rows={2} onChange={(e) => set(e.target.value)} />
      ) : (
        <input type={type} inputMode={layout === 'digits' ? 'numeric' : undefined} autoComplete="off" {...inputProps} {...common} onChange={(e) => set(e.target.value)} />
      )}
      {children}
      {open ? (
        <OnScreenKeyboard
          layout={layout}
          label={label}
          onKey={(text) => set(value + (layout === 'digits' ? text.replace(/\D/g, '') : text))}
          onBackspace={() => set(value.slice(0, -1))}
          onDone={() => {
            setOpen(false);
            (document.activeElement as HTMLElement | null)?.blur();
          }}
        />
      ) : null}
    </div>
  );
}
