// A small run of the national peak-hour simulation (tests/faults/national-sim.ts; the 5,000-kiosk run is
// `npm run sim:national`): simulated kiosks against the real server process on PostgreSQL, every visit on
// the server exactly once, no request refused, and the traffic the profile asks for actually sent.
import { describe, expect, it } from 'vitest';
import { postgresUrl } from '../helpers/postgres';
import { PEAK_VISITS_PER_KIOSK_S, runNationalSim } from '../faults/national-sim';

describe('national peak-hour simulation (smoke)', () => {
  it('100 simulated kiosks at 20x the per-kiosk peak rate for 10 s: nothing lost, nothing twice, no errors', async (ctx) => {
    if (!postgresUrl()) return ctx.skip();
    const r = await runNationalSim({ kiosks: 100, seconds: 10, processes: 2, backend: 'postgres', load: 20, log: () => undefined });
    expect({ lost: r.lost, duplicated: r.duplicated, errors: r.errors }).toEqual({ lost: 0, duplicated: 0, errors: {} });
    expect(r.visitsOnServer).toBe(r.visitsConfirmed);
    // Poisson visits: expected 100 x 20 x 0.0122 x 10 s = 245; far fewer would mean the simulator stalled.
    expect(r.visitsConfirmed).toBeGreaterThan(PEAK_VISITS_PER_KIOSK_S * 20 * 100 * 10 * 0.6);
    expect(r.requestsPerS).toBeGreaterThan(((100 * 20) / 60) * 0.6);
  }, 180_000);
});
