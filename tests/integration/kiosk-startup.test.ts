// The kiosk's start-up order (electron/app/startup.ts, used by electron/main.ts and the browser host's
// process): the screens come up while the kiosk is composed and the face engine still loads. What a
// visitor meets in those first seconds: asked to wait (nothing recorded), never a decision from an engine
// that is not ready; once it is ready, the same visitor passes. Real store, real engine, real frames.
import { rmSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeKiosk } from '../../electron/app/compose';
import { composeInBackground } from '../../electron/app/startup';
import { fromEngineTemplate } from '../../electron/kiosk/templates';
import { FileKeyStore } from '../../electron/store/index';
import { createFaceEngine } from '../../models/engine/create';
import type { FaceEngine } from '../../models/engine/types';
import { issueCredential } from '../../sync/protocol/qr-credential';
import { sealName } from '../../sync/protocol/api/registration-name';
import { requireFixtures } from '../helpers/fixtures';
import { framesFromClip, ok, openTestKiosk, provisionOffline, runFaceCheck, type TestKiosk } from './kiosk-fixture';

const fixtures = requireFixtures('the kiosk start-up integration test');
const d = fixtures ? describe : describe.skip;

const PERSON = { nik: '3271011508850001', name: 'Budi Santoso', rid: 'reg-budi' };

d('kiosk start-up: screens first, engine warming up behind them', () => {
  let engine: FaceEngine;
  let selfie: Buffer;
  let live: string[];

  beforeAll(async () => {
    const clip = path.join(fixtures!, 'video', 'liveportrait_d13_talking_blinks.mp4');
    const frames = framesFromClip(clip, { startS: 0, seconds: 4, fps: 10 });
    selfie = Buffer.from(frames[4]!, 'base64');
    live = frames.slice(5);
    engine = await createFaceEngine({ inWorker: false });
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
  });

  /** a provisioned kiosk whose engine load is held back until `release` (the kiosk owns and closes it), and a city QR pass */
  async function heldEngineKiosk(opts: { engineWaitMs?: number } = {}): Promise<{ t: TestKiosk; release: () => void; qr: string }> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const loading = await createFaceEngine({ inWorker: false });
    const t: TestKiosk = await openTestKiosk({ engine: () => held.then(() => loading), ...opts });
    provisionOffline(t);
    const store = t.kiosk.store;
    const enrol = await engine.enrolFromImage(selfie);
    if (!enrol.ok) throw new Error(`fixture selfie refused: ${enrol.quality.code}`);
    const key = store.getDeviceConfig()!.nikHashKey;
    store.upsertRegistrations([{ nikHash: store.hashNik(PERSON.nik), registrationId: PERSON.rid, displayName: sealName(key, PERSON.nik, PERSON.name), templates: [{ ...fromEngineTemplate(enrol.template), source: 'registration' }] }]);
    store.applyRiskSnapshot({ listId: 'bogor', version: 1, issuedAt: t.clock.now().toISOString(), expiresAt: new Date(t.clock.ms + 86_400_000).toISOString(), count: 0, digest: 'x' }, []);
    const iat = Math.floor(t.clock.ms / 1000) - 60;
    const qr = issueCredential({ nik: PERSON.nik, name: PERSON.name, rid: PERSON.rid, iat, exp: iat + 86_400 }, { keyId: t.city.keyId, privateKey: t.city.privateKey });
    return { t, release, qr };
  }

  it('lets a visitor who scans while the face engine is still loading wait for it and go straight on to the face check', async () => {
    const { t, release, qr } = await heldEngineKiosk();
    try {
      const store = t.kiosk.store;
      expect((await ok(t.service.api.getState({}))).engine).toMatchObject({ ready: false, error: { code: 'ENGINE_LOADING' } });
      const outboxBefore = store.outboxDepth();
      // the visitor shows the code once; the scan waits for the engine instead of asking them to scan again
      const pending = t.service.api.submitScan({ text: qr, source: 'camera' });
      let answered = false;
      void pending.then(() => (answered = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(answered).toBe(false);
      // from the scan to the decision the sync agent's background list apply gives way (issue 9)
      expect(t.kiosk.visitorAtGate()).toBe(true);
      release();
      const scan = await ok(pending);
      expect(scan.next).toBe('face');
      expect(t.kiosk.visitorAtGate()).toBe(true);
      const { result } = await runFaceCheck(t, scan, live);
      expect(result.outcome).toBe('ADMIT');
      expect(t.kiosk.visitorAtGate()).toBe(false);
      expect(store.outboxDepth()).toBe(outboxBefore + 1);
    } finally {
      release();
      await t.cleanup();
    }
  }, 120_000);

  it('asks a visitor who arrives while the face engine is still loading to wait, records nothing, and checks them once it is ready', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // the engine's load is held back until the test lets it finish (the kiosk owns and closes it)
    const loading = await createFaceEngine({ inWorker: false });
    // a short bound for the scan's wait: here the engine is still loading when it passes (as after a slow start)
    const t: TestKiosk = await openTestKiosk({ engine: () => held.then(() => loading), engineWaitMs: 500 });
    try {
      provisionOffline(t);
      const store = t.kiosk.store;
      const enrol = await engine.enrolFromImage(selfie);
      if (!enrol.ok) throw new Error(`fixture selfie refused: ${enrol.quality.code}`);
      const key = store.getDeviceConfig()!.nikHashKey;
      store.upsertRegistrations([{ nikHash: store.hashNik(PERSON.nik), registrationId: PERSON.rid, displayName: sealName(key, PERSON.nik, PERSON.name), templates: [{ ...fromEngineTemplate(enrol.template), source: 'registration' }] }]);
      store.applyRiskSnapshot({ listId: 'bogor', version: 1, issuedAt: t.clock.now().toISOString(), expiresAt: new Date(t.clock.ms + 86_400_000).toISOString(), count: 0, digest: 'x' }, []);
      const iat = Math.floor(t.clock.ms / 1000) - 60;
      const qr = issueCredential({ nik: PERSON.nik, name: PERSON.name, rid: PERSON.rid, iat, exp: iat + 86_400 }, { keyId: t.city.keyId, privateKey: t.city.privateKey });

      // the screens already work: the state says the engine is loading
      const state = await ok(t.service.api.getState({}));
      expect(state.engine).toMatchObject({ ready: false, error: { code: 'ENGINE_LOADING' } });

      // a visitor at the gate now: asked to wait in both languages, no decision, nothing recorded
      const outboxBefore = store.outboxDepth();
      const early = await t.service.api.submitScan({ text: qr, source: 'camera' });
      expect(early).toMatchObject({ ok: false, error: { code: 'ENGINE_LOADING' } });
      if (!early.ok) {
        expect(early.error.message.id).toMatch(/tunggu/i);
        expect(early.error.message.en).toMatch(/wait/i);
      }
      const keypad = await t.service.api.submitScan({ text: PERSON.nik, source: 'keypad' });
      expect(keypad).toMatchObject({ ok: false, error: { code: 'ENGINE_LOADING' } });
      expect(store.outboxDepth()).toBe(outboxBefore);

      // the engine finishes warming up: the same visitor gets the face check and passes
      release();
      await t.kiosk.engineSettled;
      expect((await ok(t.service.api.getState({}))).engine.ready).toBe(true);
      const scan = await ok(t.service.api.submitScan({ text: qr, source: 'camera' }));
      expect(scan.next).toBe('face');
      const { result } = await runFaceCheck(t, scan, live);
      expect(result.outcome).toBe('ADMIT');
      expect(store.outboxDepth()).toBe(outboxBefore + 1);
    } finally {
      release();
      await t.cleanup();
    }
  }, 120_000);

  it('answers calls made while the kiosk is still being composed once it is there, and STORE_FAILED when it cannot be', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-startup-'));
    try {
      const compose = (keyFile: string) => () => composeKiosk({ dataDir: dir, keyStore: new FileKeyStore(path.join(dir, keyFile)), appVersion: '0.0.0-test', engine: 'none' });
      const failures: unknown[] = [];
      const starting = composeInBackground(compose('data.key'), (err) => failures.push(err));
      // the screens' first call, made before composition finished, waits for it and gets the real answer
      const state = (await starting.service.dispatch('getState', {})) as { ok: boolean; value?: { provisioned: boolean } };
      expect(state).toMatchObject({ ok: true, value: { provisioned: false } });
      const kiosk = await starting.kiosk;
      expect(kiosk).not.toBeNull();
      await kiosk!.close();
      expect(failures).toEqual([]);

      // the same data under another data key: no kiosk, every call answers STORE_FAILED in both languages
      const broken = composeInBackground(compose('other.key'), (err) => failures.push(err));
      const refused = (await broken.service.dispatch('getState', {})) as { ok: boolean; error?: { code: string; message: { id: string; en: string } } };
      expect(refused).toMatchObject({ ok: false, error: { code: 'STORE_FAILED' } });
      expect(refused.error!.message.id).toMatch(/petugas/);
      expect(await broken.kiosk).toBeNull();
      expect(failures).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
