// What a store failure looks like at the kiosk: the store's known errors reach the screens (and staff) with
// their own code and both languages, not as a bare INTERNAL; a staff override is all or nothing.
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestKiosk, provisionOffline, type TestKiosk } from './kiosk-fixture';

const kiosks: TestKiosk[] = [];
afterEach(async () => {
  for (const k of kiosks.splice(0)) await k.cleanup();
});

async function kiosk(): Promise<TestKiosk> {
  // no face engine: every identified visitor is decided at once (REFER ENGINE_UNAVAILABLE) and recorded
  const t = await openTestKiosk({ engine: 'none' });
  kiosks.push(t);
  provisionOffline(t);
  return t;
}

const dbOf = (t: TestKiosk): Database.Database => (t.kiosk.store as unknown as { ctx: { db: Database.Database } }).ctx.db;

describe('store failures at the kiosk', () => {
  it('a full disk during recordVisit reaches the caller as STORAGE_FULL, in both languages', async () => {
    const t = await kiosk();
    const db = dbOf(t);
    // cap the file at its current size on the store's own connection: the next growth fails like a full disk
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    let answer: Awaited<ReturnType<TestKiosk['service']['api']['submitScan']>> | null = null;
    for (let i = 0; i < 300; i++) {
      answer = await t.service.api.submitScan({ text: `327101150885${String(i + 1).padStart(4, "0")}`, source: 'keypad' });
      if (!answer.ok) break;
    }
    db.pragma('max_page_count = 1073741823');
    expect(answer).toEqual({
      ok: false,
      error: { code: 'STORAGE_FULL', message: { id: expect.stringMatching(/penyimpanan kios penuh/), en: expect.stringMatching(/storage is full/) } },
    });
  });
});
