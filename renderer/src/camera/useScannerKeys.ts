// Listens for a keyboard-wedge barcode scanner anywhere on the page while enabled.
import { useEffect, useRef } from 'react';
import { emptyScannerState, feedKey, type ScannerState } from '../lib/scanner-detector';

export function useScannerKeys(enabled: boolean, onScan: (text: string) => void): void {
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  useEffect(() => {
    if (!enabled) return;
    let state: ScannerState = emptyScannerState;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      // typing into a real field (staff forms) is never a scan
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      const step = feedKey(state, { key: e.key, at: e.timeStamp });
      state = step.state;
      if (e.key === 'Enter' && step.scanned !== null) e.preventDefault();
      if (step.scanned !== null) onScanRef.current(step.scanned);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
