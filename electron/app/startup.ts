// Start-up order shared by the Electron shell (electron/main.ts) and the browser host's process
// (electron/browser-host/main.ts): the screens first, the kiosk composed behind them.
//
// Why: composing the kiosk (store, sync thread, face engine) and starting Chromium each take seconds on a
// tablet; done one after the other (compose, then open the window) a cold start paid both. The window (or
// the HTTP host) now opens at once with a dispatcher that answers every call as soon as the kiosk is
// composed: the renderer's first getState simply waits for it, so the screens never see a half-built
// kiosk. The face engine keeps loading in the background after that (engine supervisor); until it is
// ready a visitor is asked to wait (ENGINE_LOADING, nothing recorded), never decided by an unready engine.
import type { ComposedKiosk } from './compose';
import { MESSAGES } from '../kiosk/messages';

export interface Dispatcher {
  dispatch(channel: string, args: unknown): Promise<unknown>;
}

/** What every call answers when the kiosk could not be composed (no data key, data key mismatch, unwritable disk). */
export const STORE_FAILED_RESULT = { ok: false as const, error: { code: 'STORE_FAILED', message: MESSAGES.STORE_FAILED } };

export interface KioskStarting {
  /** answers every call once the kiosk is composed (STORE_FAILED if it could not be) */
  service: Dispatcher;
  /** the composed kiosk, or null when composing failed (already reported through onFailed) */
  kiosk: Promise<ComposedKiosk | null>;
}

/**
 * Starts composing the kiosk without waiting for it. Call it after the window / host is up: its first
 * synchronous part (opening the store) then no longer delays the window.
 */
export function composeInBackground(compose: () => Promise<ComposedKiosk>, onFailed: (err: unknown) => void): KioskStarting {
  const kiosk = (async () => compose())().then(
    (k) => k,
    (err: unknown) => {
      onFailed(err);
      return null;
    },
  );
  return {
    kiosk,
    service: {
      async dispatch(channel, args) {
        const k = await kiosk;
        return k ? k.service.dispatch(channel, args) : STORE_FAILED_RESULT;
      },
    },
  };
}

/** A dispatcher whose target is set later (the host listens before the kiosk starts composing). */
export function laterService(): Dispatcher & { set(target: Dispatcher): void } {
  let resolveTarget!: (d: Dispatcher) => void;
  const target = new Promise<Dispatcher>((r) => (resolveTarget = r));
  return {
    set: (d) => resolveTarget(d),
    async dispatch(channel, args) {
      return (await target).dispatch(channel, args);
    },
  };
}
