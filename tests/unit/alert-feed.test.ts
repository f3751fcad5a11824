// The console's alert feed (one per server process) on a real SQLite store: every alert reaches the open
// streams once, also one whose receivedAt is older than an alert already sent. receivedAt is taken when
// the upload's request starts, so with several server processes (or one busy one) an alert can commit
// after a later one was read; a feed reading only "since the newest sent" lost it for good.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../sync/protocol/log-events';
import { ManualClock } from '../../sync/protocol/clock';
import { AlertFeed } from '../../sync/server/console/alert-feed';
import { SqliteStore } from '../../sync/server/store/sqlite/sqlite-store';
import type { AlertRow } from '../../sync/server/store/types';

const T0 = Date.UTC(2026, 11, 3, 7, 0, 0);

describe('console alert feed', () => {
  let dir: string;
  let store: SqliteStore;
  let feed: AlertFeed;
  const clock = new ManualClock(T0);
  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-feed-'));
    store = new SqliteStore(path.join(dir, 'city.db'));
    await store.migrate();
    feed = new AlertFeed(store, clock, { safetyPollMs: 600_000, log: silentLogger });
  });
  afterEach(async () => {
    await feed.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const alert = (receivedAt: number): AlertRow => ({
    id: randomUUID(), deviceId: 'd1', visitId: randomUUID(), venueId: 'v1', gateId: 'g1', occurredAt: receivedAt - 5_000,
    nikHash: 'a'.repeat(64), riskStatus: 'CONFIRMED', riskListVersion: 1, receivedAt, bodyHash: 'b'.repeat(64),
  });
  const settle = () => new Promise((r) => setTimeout(r, 50));

  it('sends an alert that was stored after a newer one had been sent, and sends nothing twice', async () => {
    const got: string[] = [];
    feed.subscribe((rows) => got.push(...rows.map((a) => a.id)));
    const late = alert(T0 + 1_000); // its request started first, its commit comes last
    const early = alert(T0 + 2_000);
    await store.ingestAlerts([early]);
    feed.nudge();
    await settle();
    expect(got).toEqual([early.id]);
    await store.ingestAlerts([late]);
    feed.nudge();
    await settle();
    feed.nudge();
    await settle();
    expect(got).toEqual([early.id, late.id]);
  });

  it('does not replay alerts received before the first stream opened', async () => {
    await store.ingestAlerts([alert(T0 - 10_000)]);
    const got: string[] = [];
    feed.subscribe((rows) => got.push(...rows.map((a) => a.id)));
    feed.nudge();
    await settle();
    expect(got).toEqual([]);
  });
});
