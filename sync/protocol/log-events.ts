// The names of everything the kiosk (gate service, store, sync agent) and the city server write to their
// structured logs, in one list: a log line is found by its `event`, so a misspelt or ad-hoc name would
// be a line nobody's filter finds. Fields carry codes and ids only, never a NIK, a NIK hash, a name, a
// template or a PIN (the kiosk's log also scrubs anything shaped like one before keeping a line).
export const LOG_EVENTS = [
  // kiosk app and gate service (electron/app, electron/kiosk)
  'kiosk.started', 'kiosk.exit',
  'api.bad_args', 'api.store_failed', 'api.failed',
  'scan.refused', 'scan.lookup',
  'gate.decision', 'gate.checkout',
  'face.engine_unavailable', 'face.session_open', 'face.session_failed', 'face.timeout', 'face.frame_failed', 'face.verified', 'face.finish_failed',
  'staff.unlock_refused', 'staff.override', 'staff.checkout',
  'provision.done', 'provision.failed',
  'register.selfie_refused', 'register.queued',
  'registration.uploaded', 'registration.refused', 'registration.upload_failed', 'registration.upload_bad_answer', 'registration.upload_error',
  'engine.loaded', 'engine.load_failed', 'engine.reloading',
  // the Electron shell (electron/main.ts, on stdout)
  'shell.second_instance_refused', 'shell.navigation_blocked', 'shell.renderer_gone', 'shell.renderer_unresponsive',
  'shell.exit_requested', 'shell.kiosk_failed', 'shell.ipc_refused',
  // the sync agent (on its own thread; its lines reach the kiosk's log)
  'sync.offline', 'sync.online', 'sync.dead_letter', 'sync.risk_applied', 'sync.risk_rejected', 'sync.revoked',
  'sync.gave_way', 'face.engine_waited', 'sync.thread_bad_message', 'sync.thread_error', 'sync.thread_exited', 'sync.thread_restart_failed', 'sync.thread_stop_failed',
  // the kiosk store (either connection)
  'store.migrated', 'store.corrupt', 'store.alert', 'store.purge',
  'store.risk_applied', 'store.risk_apply_failed', 'store.housekeeping_failed',
  // the city server
  'server.listening', 'server.stopping', 'server.framework', 'server.purged', 'server.maintenance_failed',
  'server.request', 'server.request_failed', 'server.device_refused', 'server.device_enrolled', 'server.risk_alert_received',
  // a 401 by who was refused (the reason code and route only): a console login, another console request
  // (no or expired session, bad API key), the old admin token, a resident's session
  'server.console_login_failed', 'server.console_refused', 'server.admin_refused', 'server.resident_refused',
  'server.alert_listener_ready', 'server.alert_listener_lost',
] as const;
export type LogEventName = (typeof LOG_EVENTS)[number];

export type LogLevel = 'info' | 'warn' | 'error';

/** Machine-readable fields of a line: codes, ids, counts, durations. */
export type LogFields = Record<string, unknown>;

/**
 * The one logging interface the kiosk's parts take (store, agent, gate service). The kiosk implements it
 * with pino (electron/kiosk/event-log.ts), the agent's thread by forwarding each line to that logger.
 */
export interface EventLogger {
  info(event: LogEventName, fields?: LogFields): void;
  warn(event: LogEventName, fields?: LogFields): void;
  error(event: LogEventName, fields?: LogFields): void;
}

export const silentLogger: EventLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function isLogEventName(value: unknown): value is LogEventName {
  return typeof value === 'string' && (LOG_EVENTS as readonly string[]).includes(value);
}
