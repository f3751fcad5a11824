// Live priority alerts for Dinkes consoles. One poller per server process reads alerts received
// since it last looked (so an alert ingested by any process sharing the database shows up) and fans
// them out to every open stream; the process that ingests an alert nudges it to look at once.
import type { Clock } from '../../protocol/clock';
import type { AlertRow, ServerStore } from '../store/types';

export class AlertFeed {
  private readonly subscribers = new Set<(alerts: AlertRow[]) => void>();
  /** how to end each open stream when the server closes (an open stream would keep it from closing) */
  private readonly enders = new Map<(alerts: AlertRow[]) => void, () => void>();
  private timer: NodeJS.Timeout | null = null;
  private since = 0;
  /** ids already sent whose receivedAt equals `since` (the query is inclusive) */
  private sentAtSince = new Set<string>();
  private polling: Promise<void> | null = null;
  private again = false;

  constructor(private readonly store: ServerStore, private readonly clock: Clock, private readonly intervalMs = 1000) {}

  subscribe(fn: (alerts: AlertRow[]) => void, end?: () => void): () => void {
    if (this.subscribers.size === 0) {
      this.since = this.clock.now().getTime();
      this.sentAtSince.clear();
      this.timer = setInterval(() => this.nudge(), this.intervalMs);
      this.timer.unref();
    }
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
    const rows = (await this.store.listAlerts(this.since, 1000)).filter((a) => !(a.receivedAt === this.since && this.sentAtSince.has(a.id)));
    if (rows.length === 0) return;
    const newest = Math.max(...rows.map((a) => a.receivedAt));
    if (newest > this.since) this.sentAtSince = new Set();
    this.since = newest;
    for (const a of rows) if (a.receivedAt === newest) this.sentAtSince.add(a.id);
    for (const fn of this.subscribers) fn(rows);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const end of this.enders.values()) end();
    this.enders.clear();
    this.subscribers.clear();
  }
}
