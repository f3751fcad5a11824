// Where the kiosk's screens come from, per host. Electron serves them from a custom scheme so the page
// has a stable, private origin (not file://, which every local file shares).
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The origin of a URL string, or null when it does not parse or has no usable origin. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    // Custom schemes report origin "null" in WHATWG URL; rebuild it for ours.
    if (u.protocol === `${APP_SCHEME}:`) return u.host ? `${APP_SCHEME}://${u.host}` : null;
    return u.origin === 'null' ? null : u.origin;
  } catch {
    return null;
  }
}
