// Rate limits under concurrency (issue 10 item 2). The enrolment limiter was checked before the awaited
// code lookup and charged after it, so on PostgreSQL a wave of concurrent wrong codes all went through
// (1,000 × 404). The token is now reserved before the await and given back when the code was right, so
// a wave gets exactly the burst through, whatever the backend, and a roll-out of good codes is not slowed.
// The clock stands still: no token comes back during a wave, so the counts are exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../helpers/postgres';
import { generateEd25519KeyPair } from '../../sync/protocol/crypto';
import { ManualClock } from '../../sync/protocol/clock';
import { startTestCityServer } from '../../sync/server/testing';
import type { Backend, TestCityServer } from '../../sync/server/testing';

const pg = postgresUrl();
const backends: Backend[] = pg ? ['sqlite', 'postgres'] : ['sqlite'];
/** 30 a minute → a burst of 10 (see app.ts) */
const PER_MINUTE = 30;
const BURST = 10;
const WAVE = 150;

describe.each(backends)('enrolment brute-force limit under concurrent waves on %s', (backend) => {
  let s: TestCityServer;
  const clock = new ManualClock(Date.parse('2026-12-03T12:00:00Z'));
  beforeAll(async () => {
    s = await startTestCityServer(backend, { pgUrl: pg ?? undefined, clock, config: { enrolRatePerMinute: PER_MINUTE } });
  });
  afterAll(async () => {
    await s?.destroy();
  });

  const enrol = async (code: string) => {
    const res = await fetch(`${s.url}/v1/enrol`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, publicKey: generateEd25519KeyPair().publicKey, deviceName: 'guess', appVersion: 'test' }),
    });
    await res.arrayBuffer();
    return res.status;
  };
  const wave = async () => {
    const statuses = await Promise.all(Array.from({ length: WAVE }, (_, i) => enrol(`WRONG-${String(i).padStart(4, '0')}`)));
    const count = (st: number) => statuses.filter((x) => x === st).length;
    return { notFound: count(404), limited: count(429), other: statuses.filter((x) => x !== 404 && x !== 429) };
  };

  it('lets exactly the burst of a concurrent wave of wrong codes reach the store, then none', async () => {
    expect(await wave()).toEqual({ notFound: BURST, limited: WAVE - BURST, other: [] });
    expect(await wave()).toEqual({ notFound: 0, limited: WAVE, other: [] });
  });

  it('refills with time, and a right code spends nothing (a roll-out is not slowed)', async () => {
    clock.advance(60_000);
    for (let i = 0; i < BURST + 5; i++) expect(await enrol(await s.newEnrolmentCode())).toBe(201);
    expect(await wave()).toEqual({ notFound: BURST, limited: WAVE - BURST, other: [] });
  });
});
