// Every IPC call is checked for who sent it: the main frame of our own app origin. A compromised or
// injected subframe, or a page that somehow navigated elsewhere, gets nothing.
import { APP_ORIGIN, originOf } from './origins';

export interface SenderInfo {
  /** senderFrame.url (may be absent if the frame is gone) */
  frameUrl: string | null | undefined;
  /** the sender frame is the top frame of its window */
  isMainFrame: boolean;
}

export function isTrustedSender(sender: SenderInfo, allowedOrigin: string = APP_ORIGIN): boolean {
  if (!sender.frameUrl || !sender.isMainFrame) return false;
  return originOf(sender.frameUrl) === allowedOrigin;
}
