// The face engine on real LFW photos, with the real weights, on its worker thread (the kiosk's configuration).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceEngine, FaceEngineError, type FaceEngine, type FaceTemplate } from '../../models';
import { requireFixtures } from '../helpers/fixtures';

const fixtures = requireFixtures('face engine test');
const photo = (rel: string): Uint8Array => new Uint8Array(readFileSync(path.join(fixtures!, 'faces', rel)));
const enc = (bytes: Uint8Array) => ({ kind: 'encoded' as const, bytes });
const NO_LIVENESS = { challenge: 'none' as const, requirePassive: false };

describe.skipIf(!fixtures)('face engine on LFW photos', () => {
  let engine: FaceEngine;
  const templates = new Map<string, FaceTemplate>();

  beforeAll(async () => {
    engine = await createFaceEngine();
    for (const rel of ['Colin_Powell/Colin_Powell_0001.jpg', 'Tony_Blair/Tony_Blair_0002.jpg', 'Serena_Williams/Serena_Williams_0001.jpg', 'Vladimir_Putin/Vladimir_Putin_0001.jpg']) {
      const r = await engine.enrolFromImage(photo(rel));
      if (!r.ok) throw new Error(`enrol ${rel}: ${r.quality.code}`);
      templates.set(rel.split('/')[0]!, r.template);
    }
  });
  afterAll(async () => engine?.close());

  it('starts ready on a real backend (never tfjs cpu) and names its recognition model', () => {
    const st = engine.status();
    expect(st.ready).toBe(true);
    expect(['tensorflow', 'wasm']).toContain(st.backend);
    expect(st.recognitionModel).toMatch(/fr_feature/);
    expect([...templates.values()][0]!.model).toBe(st.recognitionModel);
  });

  it('matches genuine pairs (another photo of the same person) and refuses impostors', async () => {
    for (const [who, other] of [
      ['Colin_Powell', 'Colin_Powell/Colin_Powell_0002.jpg'],
      ['Tony_Blair', 'Tony_Blair/Tony_Blair_0004.jpg'],
      ['Serena_Williams', 'Serena_Williams/Serena_Williams_0002.jpg'],
      ['Vladimir_Putin', 'Vladimir_Putin/Vladimir_Putin_0002.jpg'],
    ] as const) {
      const r = await engine.verifySequence([enc(photo(other))], [templates.get(who)!], NO_LIVENESS);
      expect(r.match, `${who} vs ${other}: distance ${r.distance}`).toBe(true);
      expect(r.distance).toBeLessThan(r.threshold);
      expect(r.framesUsed).toBe(1);
      // One still frame is never live, so the face check as a whole is not accepted.
      expect(r.accepted).toBe(false);
    }
    for (const [who, other] of [
      ['Colin_Powell', 'Tony_Blair/Tony_Blair_0004.jpg'],
      ['Tony_Blair', 'Vladimir_Putin/Vladimir_Putin_0002.jpg'],
      ['Serena_Williams', 'Colin_Powell/Colin_Powell_0002.jpg'],
      ['Vladimir_Putin', 'Serena_Williams/Serena_Williams_0002.jpg'],
    ] as const) {
      const r = await engine.verifySequence([enc(photo(other))], [templates.get(who)!], NO_LIVENESS);
      expect(r.match, `${who} vs ${other}: distance ${r.distance}`).toBe(false);
      expect(r.distance).toBeGreaterThan(r.threshold);
    }
  });

  it('gives the same templates when requests overlap (two sessions at once) as one by one', async () => {
    const rels = ['Colin_Powell/Colin_Powell_0001.jpg', 'Tony_Blair/Tony_Blair_0002.jpg', 'Serena_Williams/Serena_Williams_0001.jpg', 'Vladimir_Putin/Vladimir_Putin_0001.jpg'];
    const together = await Promise.all(rels.map((r) => engine.enrolFromImage(photo(r))));
    together.forEach((r, i) => {
      expect(r.ok && r.template.vector, rels[i]).toBe(templates.get(rels[i]!.split('/')[0]!)!.vector);
    });
  });

  it('matches on the best of several templates', async () => {
    const r = await engine.verifySequence(
      [enc(photo('Tony_Blair/Tony_Blair_0003.jpg'))],
      [templates.get('Colin_Powell')!, templates.get('Tony_Blair')!],
      NO_LIVENESS,
    );
    expect(r.match).toBe(true);
  });

  it('refuses templates of another model instead of comparing them', async () => {
    const foreign = { ...templates.get('Colin_Powell')!, model: 'face-api-128/v1' };
    const r = await engine.verifySequence([enc(photo('Colin_Powell/Colin_Powell_0002.jpg'))], [foreign], NO_LIVENESS);
    expect(r.match).toBe(false);
    expect(r.error?.code).toBe('TEMPLATE_MODEL_MISMATCH');
    expect(r.error?.message.id.length).toBeGreaterThan(10);
  });

  it('refuses poor selfies with the specific bilingual reason', async () => {
    const base = readFileSync(path.join(fixtures!, 'faces', 'Colin_Powell/Colin_Powell_0001.jpg'));
    const other = readFileSync(path.join(fixtures!, 'faces', 'Tony_Blair/Tony_Blair_0002.jpg'));
    const grey = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#808080' } }).png().toBuffer();
    const two = await sharp({ create: { width: 500, height: 250, channels: 3, background: '#000' } })
      .composite([{ input: base, left: 0, top: 0 }, { input: other, left: 250, top: 0 }])
      .jpeg()
      .toBuffer();
    const cases: [string, Buffer, string][] = [
      ['blank image', grey, 'NO_FACE'],
      ['two people', two, 'MULTIPLE_FACES'],
      ['far away', await sharp(base).resize(60, 60).toBuffer(), 'TOO_SMALL'],
      ['dark', await sharp(base).linear(0.2, 0).jpeg().toBuffer(), 'TOO_DARK'],
      ['over-exposed', await sharp(base).linear(1.8, 90).jpeg().toBuffer(), 'TOO_BRIGHT'],
      ['blurred', await sharp(base).blur(4).jpeg().toBuffer(), 'BLURRED'],
    ];
    for (const [what, bytes, code] of cases) {
      const r = await engine.enrolFromImage(new Uint8Array(bytes));
      expect(r.ok, what).toBe(false);
      if (!r.ok) {
        expect(r.quality.code, what).toBe(code);
        expect(r.quality.message.id).not.toBe(r.quality.message.en);
      }
    }
    const two2 = await engine.enrolFromImage(new Uint8Array(two));
    expect(!two2.ok && two2.quality.message).toEqual({ id: 'Satu orang saja di depan kamera.', en: 'One person at a time.' });
  });

  it('rejects bytes that are not an image with a clear error, and keeps working', async () => {
    await expect(engine.enrolFromImage(new Uint8Array([1, 2, 3, 4]))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(engine.analyzeFrame({ kind: 'rgba', data: new Uint8Array(10), width: 640, height: 480 })).rejects.toBeInstanceOf(FaceEngineError);
    expect((await engine.enrolFromImage(photo('Colin_Powell/Colin_Powell_0002.jpg'))).ok).toBe(true);
  });

  it('analyses a raw RGBA camera frame and gives a template, landmarks and a passive score', async () => {
    const { data, info } = await sharp(readFileSync(path.join(fixtures!, 'faces', 'Colin_Powell/Colin_Powell_0002.jpg')))
      .resize(300, 300)
      .extend({ top: 90, bottom: 90, left: 170, right: 170, background: '#777' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([640, 480]);
    const a = await engine.analyzeFrame({ kind: 'rgba', data: new Uint8Array(data), width: 640, height: 480 }, 1234);
    expect(a.ok).toBe(true);
    expect(a.faces).toBe(1);
    expect(a.atMs).toBe(1234);
    expect(a.template?.model).toBe(engine.status().recognitionModel);
    expect(a.landmarks?.shape).toHaveLength(136);
    expect(a.passiveScore).not.toBeNull();
    const r = await engine.verifySequence([a], [templates.get('Colin_Powell')!], NO_LIVENESS);
    expect(r.match).toBe(true);
  });

  it('releases every tensor: tensors stay at baseline and RSS settles after 100 verifications', async () => {
    const frames = [enc(photo('Colin_Powell/Colin_Powell_0002.jpg'))];
    const t = [templates.get('Colin_Powell')!];
    for (let i = 0; i < 10; i++) await engine.verifySequence(frames, t, NO_LIVENESS);
    const before = await engine.memory();
    for (let i = 0; i < 100; i++) await engine.verifySequence(frames, t, NO_LIVENESS);
    const after = await engine.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.rssMb - before.rssMb).toBeLessThan(40);
  }, 120_000);
});
