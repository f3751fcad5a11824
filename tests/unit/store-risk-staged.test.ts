// Two connections to one kiosk database, as in the app (the gate's and the sync agent's thread): a risk
// list snapshot applied through the agent's connection goes in slices, so the gate records a visit and
// reads the old list in the middle of it, and the new list goes live whole or not at all.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileKeyStore, openKioskStore, type KioskStore, type RiskEntry, type RiskListMetaInput } from '../../electron/store/index';
import { demoDeviceConfig, ManualClock, tempDir } from '../helpers/store';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const meta = (version: number, count: number): RiskListMetaInput => ({
  listId: 'bogor-dinkes', version, issuedAt: '2026-11-29T00:00:00.000Z', expiresAt: '2026-12-02T00:00:00.000Z', count, digest: `sha256:v${version}`,
});
const entries = (n: number): RiskEntry[] => Array.from({ length: n }, () => ({ nikHash: randomBytes(32).toString('hex'), status: 'CONFIRMED' as const, validUntil: null }));

function twoConnections(betweenSlices: () => void): { gate: KioskStore; agent: KioskStore } {
  const { dir, cleanup } = tempDir();
  const clock = new ManualClock();
  const keyStore = new FileKeyStore(path.join(dir, 'data.key'));
  const file = path.join(dir, 'kiosk.db');
  const gate = openKioskStore({ path: file, keyStore, clock });
  gate.saveDeviceConfig(demoDeviceConfig());
  const agent = openKioskStore({ path: file, keyStore, clock, betweenSlices });
  cleanups.push(() => {
    agent.close();
    gate.close();
    cleanup();
  });
  return { gate, agent };
}

describe('risk list snapshot through the sync agent connection', () => {
  it('lets the gate record visits between slices and keeps the old list live until the new one is whole', () => {
    let pauses = 0;
    const seen: { oldHit: boolean; newHit: boolean }[] = [];
    const first = entries(3);
    const second = entries(25_000);
    const ctx: { gate?: KioskStore } = {};
    const { gate, agent } = twoConnections(() => {
      pauses++;
      if (!ctx.gate || pauses > 100) return;
      // the gate's connection, mid-apply: a write goes in at once and the old list is what it reads
      ctx.gate.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'ADMIT', nikHash: randomBytes(32).toString('hex'), faceDistance: 0.3, livenessScore: 0.9, riskListVersion: 1 });
      seen.push({ oldHit: ctx.gate.lookupRisk(first[0]!.nikHash) !== null, newHit: ctx.gate.lookupRisk(second[0]!.nikHash) !== null });
    });
    agent.applyRiskSnapshot(meta(1, first.length), first);
    ctx.gate = gate;
    const visitsBefore = gate.outboxDepth();
    const pausesBefore = pauses;
    agent.applyRiskSnapshot(meta(2, second.length), second);

    // 25,000 entries: three slices, a pause before each, before the swap and before clearing the old list
    expect(pauses - pausesBefore).toBe(5);
    expect(gate.outboxDepth() - visitsBefore).toBe(5);
    // before the swap the gate read the old list only; after it, the new one
    expect(seen.slice(0, 4)).toEqual(Array(4).fill({ oldHit: true, newHit: false }));
    expect(seen[4]).toEqual({ oldHit: false, newHit: true });
    expect(gate.riskListMeta()).toMatchObject({ version: 2, count: second.length });
    expect(gate.riskListCount()).toBe(second.length);
    expect(gate.integrityCheck().ok).toBe(true);
  });

  it('a snapshot that fails in a later slice changes nothing, and the next one applies cleanly', () => {
    const { gate, agent } = twoConnections(() => undefined);
    const first = entries(2);
    agent.applyRiskSnapshot(meta(1, first.length), first);
    const bad = entries(15_000);
    bad[12_345] = { nikHash: 'zz'.repeat(32), status: 'CONFIRMED', validUntil: null };
    expect(() => agent.applyRiskSnapshot(meta(2, bad.length), bad)).toThrow();
    expect(gate.riskListMeta()).toMatchObject({ version: 1, count: 2 });
    expect(gate.lookupRisk(first[1]!.nikHash)).toMatchObject({ status: 'CONFIRMED' });
    expect(gate.lookupRisk(bad[0]!.nikHash)).toBeNull();

    const good = entries(12_000);
    agent.applyRiskSnapshot(meta(2, good.length), good);
    expect(gate.riskListCount()).toBe(good.length);
    expect(gate.lookupRisk(first[1]!.nikHash)).toBeNull();
    expect(gate.lookupRisk(good[11_999]!.nikHash)).toMatchObject({ status: 'CONFIRMED' });
  });

  it('the gate connection sees the clock offset the agent connection measured (its cached enrolment is refreshed)', () => {
    const { gate, agent } = twoConnections(() => undefined);
    expect(gate.getDeviceConfig()?.clockOffsetMs).toBe(0);
    agent.saveClockOffset(86_400_000, '2026-11-29T08:00:00.000Z');
    expect(gate.getDeviceConfig()?.clockOffsetMs).toBe(86_400_000);
    const v = gate.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'ADMIT', nikHash: randomBytes(32).toString('hex'), faceDistance: 0.3, livenessScore: 0.9, riskListVersion: null });
    expect(agent.nextOutboxBatch(10).find((i) => i.id === v.id)?.visit).toMatchObject({ clockOffsetMs: 86_400_000, clockStatus: 'off' });
  });
});
