// Live priority alerts for Dinkes consoles. One feed per server process fans alerts out to every open
// stream of that process. It reads them with the store's normal query (listAlerts) when woken: by this
// process storing an alert (nudge), by the store's cross-process wake-up (PostgreSQL LISTEN/NOTIFY: an
// alert stored by any process sharing the database), and by a slow safety poll in case a wake-up is
// lost. A wake-up carries nothing but "look": what a stream shows comes from the query.
import type { Clock } from '../../protocol/clock';
import type { EventLogger } from '../../protocol/log-events';
import type { AlertRow, ServerStore } from '../store/types';

/**
 * How far back each read reaches behind the newest alert sent. An alert's receivedAt is taken when its
 * request starts, so with several processes (or one busy one) an alert can commit after a later one
 * was already read; the overlap finds it, and the ids already sent keep it from showing twice.
 */
const OVERLAP_MS = 60_000;
const PAGE = 500;

export interface AlertFeedOptions {
  /** safety poll while a stream is open (the wake-ups are what make it live) */
  safetyPollMs: number;
  log: EventLogger;
}

export class AlertFeed {
  private readonly subscribers = new Set<(alerts: AlertRow[]) => void>();
  /** how to end each open stream when the server closes (an open stream would keep it from closing) */
  private readonly enders = new Map<(alerts: AlertRow[]) => void, () => void>();
  private timer: NodeJS.Timeout | null = null;
  /** alerts received before this were never this feed's to send (the first stream opened after them) */
  private from = 0;
  /** newest receivedAt sent */
  private since = 0;
  /** ids sent whose receivedAt is within OVERLAP_MS of `since`, with their receivedAt */
  private readonly sent = new Map<string, number>();
  private polling: Promise<void> | null = null;
  private again = false;
  private stopWatching: (() => Promise<void>) | null = null;

  constructor(private readonly store: ServerStore, private readonly clock: Clock, private readonly opts: AlertFeedOptions) {}

  subscribe(fn: (alerts: AlertRow[]) => void, end?: () => void): () => void {
    if (this.subscribers.size === 0) {
      this.from = this.since = this.clock.now().getTime();
      this.sent.clear();
      this.timer = setInterval(() => this.nudge(), this.opts.safetyPollMs);
      this.timer.unref();
    }
    // Listening starts with the first stream and lasts until the server closes (one connection per
    // process, not one per stream, and no reconnect churn as consoles come and go).
    this.stopWatching ??= this.store.watchAlerts(() => this.nudge(), this.opts.log);
    this.subscribers.add(fn);
    if (end) this.enders.set(fn, end);
    return () => {
      this.subscribers.delete(fn);
      this.enders.delete(fn);
      if (this.subscribers.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  get size(): number {
    return this.subscribers.size;
  }

  nudge(): void {
    if (this.subscribers.size === 0) return;
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = this.poll().catch(() => undefined).finally(() => {
      this.polling = null;
      if (this.again) {
        this.again = false;
        this.nudge();
      }
    });
  }

  private async poll(): Promise<void> {
    const fresh: AlertRow[] = [];
    const seen = new Set<string>();
    let from = Math.max(this.from, this.since - OVERLAP_MS);
    for (;;) {
      const page = await this.store.listAlerts(from, PAGE);
      for (const a of page) {
        if (this.sent.has(a.id) || seen.has(a.id)) continue;
        seen.add(a.id);
        fresh.push(a);
      }
      const last = page.at(-1)?.receivedAt;
      if (page.length < PAGE || last === undefined || last === from) break;
      from = last;
    }
    if (fresh.length === 0) return;
    for (const a of fresh) this.sent.set(a.id, a.receivedAt);
    this.since = Math.max(this.since, ...fresh.map((a) => a.receivedAt));
    for (const [id, at] of this.sent) if (at < this.since - OVERLAP_MS) this.sent.delete(id);
    for (const fn of this.subscribers) fn(fresh);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const end of this.enders.values()) end();
    this.enders.clear();
    this.subscribers.clear();
    await this.stopWatching?.();
    this.stopWatching = null;
  }
}
