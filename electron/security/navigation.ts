// Navigation policy of the kiosk window: it may show our app origin and nothing else, ever. Links,
// redirects, window.open and drag-and-dropped URLs all go through these answers.
import { APP_ORIGIN, originOf } from './origins';

/** May the kiosk window navigate (or be redirected) to this URL? Only within our app origin. */
export function isAllowedNavigation(url: string): boolean {
  const origin = originOf(url);
  return origin === APP_ORIGIN;
}

/** New windows are never allowed: a kiosk has one window. */
export function windowOpenDecision(_url: string): { action: 'deny' } {
  return { action: 'deny' };
}

/** Requests the app:// handler may serve: a path inside the renderer build, no traversal. */
export function appRequestPath(url: string): string | null {
  if (!isAllowedNavigation(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const parts = pathname.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return null;
  return parts.length === 0 ? 'index.html' : parts.join('/');
}
