// Cross-process wake-ups for the console's live alerts on PostgreSQL. The process that stores a priority
// alert NOTIFYs in the same transaction (delivered on commit, never for a rolled-back one); every server
// process LISTENs on one dedicated connection of its own and wakes its alert feed, which then reads the
// alert through the store's normal query. The payload is the schema and the alert's random id, never
// anything about the person: any role on the database may LISTEN.
import pg from 'pg';
import type { EventLogger } from '../../../protocol/log-events';

/** One channel for every city on the database; the payload's schema says whose alert it was. */
export const ALERT_CHANNEL = 'jejak_alerts';

/** `<schema>/<alert id>`: a few dozen bytes, far below NOTIFY's 8,000-byte payload limit. */
export function alertPayload(schema: string, alertId: string): string {
  return `${schema}/${alertId}`;
}

export interface AlertListenerOptions {
  url: string;
  schema: string;
  /** runs on each notification for this schema, and once after every (re)connect to catch up on a gap */
  wake: () => void;
  log: EventLogger;
  /** first reconnect delay, doubled per failed attempt up to maxBackoffMs */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * Keeps one LISTEN connection open for as long as it runs: a lost connection (database restart,
 * pg_terminate_backend, network) is logged and reopened with exponential backoff. While it is down
 * nothing wakes the feed but its slow safety poll; the wake after reconnecting reads what was missed.
 */
export class AlertListener {
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private failures = 0;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(private readonly opts: AlertListenerOptions) {
    this.minBackoffMs = opts.minBackoffMs ?? 250;
    this.maxBackoffMs = opts.maxBackoffMs ?? 30_000;
  }

  start(): void {
    if (this.stopped || this.client || this.timer) return;
    void this.connect();
  }

  private async connect(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    // application_name lets an operator (and the test) find this connection in pg_stat_activity.
    const client = new pg.Client({ connectionString: this.opts.url, application_name: `jejak-city:${this.opts.schema}:alerts`, keepAlive: true });
    this.client = client;
    let lost = false;
    const onLost = (err: Error | null) => {
      if (lost) return;
      lost = true;
      client.removeAllListeners('notification');
      // a client that failed keeps its socket until ended; the error is already handled here
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      if (this.client === client) this.client = null;
      if (this.stopped) return;
      const retryInMs = Math.min(this.maxBackoffMs, this.minBackoffMs * 2 ** this.failures);
      this.failures++;
      this.opts.log.warn('server.alert_listener_lost', { channel: ALERT_CHANNEL, code: (err as { code?: string } | null)?.code ?? 'connection_ended', retryInMs });
      this.timer = setTimeout(() => void this.connect(), retryInMs);
      this.timer.unref();
    };
    client.on('error', (err) => onLost(err));
    client.on('end', () => onLost(null));
    const prefix = `${this.opts.schema}/`;
    client.on('notification', (n) => {
      if (n.channel === ALERT_CHANNEL && n.payload?.startsWith(prefix)) this.opts.wake();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${ALERT_CHANNEL}`);
    } catch (err) {
      onLost(err as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.opts.log.info('server.alert_listener_ready', { channel: ALERT_CHANNEL, attempt: this.failures + 1 });
    this.failures = 0;
    this.opts.wake();
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const c = this.client;
    this.client = null;
    if (c) {
      c.removeAllListeners('end');
      c.on('error', () => undefined);
      await c.end().catch(() => undefined);
    }
  }
}
