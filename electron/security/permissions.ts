// Permission policy: the camera for our own origin, nothing else (no microphone, geolocation,
// notifications, clipboard, HID/serial/USB, display capture ...).
import { APP_ORIGIN, originOf } from './origins';

export interface PermissionAsk {
  permission: string;
  /** URL or origin of the page asking */
  requestingUrl: string;
  /** for 'media': which kinds of media; absent in permission *checks* */
  mediaTypes?: ReadonlyArray<string>;
  isMainFrame?: boolean;
}

export function permissionDecision(ask: PermissionAsk, allowedOrigin: string = APP_ORIGIN): boolean {
  if (originOf(ask.requestingUrl) !== allowedOrigin) return false;
  if (ask.isMainFrame === false) return false;
  if (ask.permission !== 'media') return false;
  // A check (no mediaTypes) may say yes for media; a request must ask for video only.
  if (ask.mediaTypes === undefined) return true;
  return ask.mediaTypes.length > 0 && ask.mediaTypes.every((t) => t === 'video');
}
