// The short form of the fault-injection suite (`npm run test:faults` is the full one): real kiosk and
// city-server processes with the TCP fault proxy between them, fewer visits per scenario. Each
// scenario must end with nothing lost, nothing duplicated and a healthy kiosk database.
import { describe, expect, it } from 'vitest';
import { postgresUrl } from '../helpers/postgres';
import { runFaultSuite } from '../faults/run';
import { SHORT } from '../faults/scenarios';

const size = { ...SHORT, visits: 200, kioskKills: 3, fleet: 25 };

function check(summary: Awaited<ReturnType<typeof runFaultSuite>>, expectedRuns: number): void {
  for (const r of summary.results) {
    expect({ scenario: `${r.backend} ${r.name}`, lost: r.lost, duplicated: r.duplicated, integrityOk: r.integrityOk, problems: r.problems })
      .toEqual({ scenario: `${r.backend} ${r.name}`, lost: 0, duplicated: 0, integrityOk: true, problems: [] });
    expect(r.recorded).toBeGreaterThanOrEqual(size.visits);
  }
  expect(summary.scenarios).toBe(expectedRuns);
}

describe('fault suite (short)', () => {
  // Every scenario runs once here, split over the two backends; the full run does all on both.
  it('SQLite server: kiosk kill -9, proxy faults, poison record, risk-list tampering', async () => {
    const s = await runFaultSuite({ backends: ['sqlite'], only: [1, 3, 5, 7], size, log: () => undefined });
    check(s, 4);
  }, 240_000);

  it('PostgreSQL server: server kill -9 with the database connections cut, concurrent replay, clock ±1 day, fleet reconnect, two server processes with kill -9', async (ctx) => {
    if (!postgresUrl()) return ctx.skip();
    const s = await runFaultSuite({ backends: ['postgres'], only: [2, 4, 6, 8, 9], size, log: () => undefined });
    check(s, 5);
  }, 300_000);
});
