// Token buckets per key (device id, or client address for enrolment). In memory: a restart refills them.
import type { Clock } from '../../protocol/clock';

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly clock: Clock, private readonly perSecond: number, private readonly burst: number) {}

  /** 0 when allowed (a token is taken), else the seconds to wait before a token is free. */
  take(key: string): number {
    const now = this.clock.now().getTime();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size > 100_000) this.buckets.clear();
      b = { tokens: this.burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + (Math.max(0, now - b.at) / 1000) * this.perSecond);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.perSecond));
  }

  /**
   * Gives back a token taken by take() (the attempt turned out not to count, e.g. a right enrolment
   * code). Reserve-then-refund keeps a limit exact under concurrency: checking first and charging
   * after an await lets every request in flight through the check.
   */
  refund(key: string): void {
    const b = this.buckets.get(key);
    if (b) b.tokens = Math.min(this.burst, b.tokens + 1);
  }
}
