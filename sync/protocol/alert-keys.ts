// The kiosk's staff alerts (diagnostics screen, heartbeat): one enumerated key per condition, shared by
// every raiser (store, sync agent, registration uploader) and every resolver, so a condition raised under
// one name is cleared under the same name. A string that is not in the list does not compile.
export const ALERT_KEYS = [
  /** the database file was unreadable and moved aside (store, on open) */
  'STORE_CORRUPT_MOVED_ASIDE',
  /** unsent visits near the kiosk's own retention (store, hourly) */
  'RETENTION_NEAR',
  /** unsent visits near the city server's retention (sync agent, every cycle) */
  'SERVER_RETENTION_NEAR',
  /** the live risk list is missing, older than 24 h or expired (store, hourly; cleared by a signed head) */
  'RISK_LIST_STALE',
  /** a risk list update failed verification; the previous list stays live (scoped by the reject code) */
  'RISK_LIST_REJECTED',
  /** records the server refused were set aside (store, on every dead letter) */
  'DEAD_LETTER',
  /** the device clock is more than a minute off the server's (sync agent) */
  'CLOCK_OFF',
  /** the server refused an on-the-spot registration (scoped by the pending registration id) */
  'REGISTRATION_REFUSED',
  /** the city's venue policy failed verification (schema, key, signature, venue, version); the last good one stays */
  'POLICY_REJECTED',
] as const;

export type AlertKey = (typeof ALERT_KEYS)[number];

/** One open alert per key; a condition that can hold for several items at once scopes it: `KEY:item`. */
export type ScopedAlertKey = `${AlertKey}:${string}`;

export type AlertSeverity = 'info' | 'warning' | 'critical';

export function isAlertKey(value: string): value is AlertKey {
  return (ALERT_KEYS as readonly string[]).includes(value);
}
