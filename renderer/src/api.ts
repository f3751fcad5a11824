// Where the screens get the kiosk API: Electron's preload exposes `window.kiosk`; in a plain browser
// (the browser host on 127.0.0.1) we speak HTTP to the page's own origin.
import { API_TOKEN_META, type KioskApi } from '../../electron/contract/kiosk-api';
import { createHttpKioskApi } from '../host/http-client';

declare global {
  interface Window {
    kiosk?: KioskApi;
  }
}

function hostToken(): string | null {
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${API_TOKEN_META}"]`);
  if (meta?.content) return meta.content;
  return new URLSearchParams(window.location.search).get('token');
}

export function resolveKioskApi(): KioskApi {
  if (window.kiosk) return window.kiosk;
  return createHttpKioskApi({ baseUrl: '', token: hostToken() });
}
