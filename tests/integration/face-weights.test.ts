// Weight files: copied by the script with a manifest; a missing or altered file stops the engine with an error
// that names the file, and the engine reports not-ready (the kiosk REFERs) instead of crashing.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceEngine, FaceEngineError } from '../../models';
import { defaultWeightsDir, type WeightsManifest } from '../../models/engine/weights';
import { repoRoot } from '../helpers/fixtures';

const committed = defaultWeightsDir();

function copyWeights(to: string): void {
  for (const f of readdirSync(committed)) copyFileSync(path.join(committed, f), path.join(to, f));
}

describe('face weights and their manifest', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'jejak-weights-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('the copy script reproduces the committed weights from the installed packages, byte for byte', () => {
    const out = path.join(tmp, 'copied');
    execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'models/scripts/copy-weights.ts'), out], { cwd: repoRoot, stdio: 'pipe' });
    const fresh = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as WeightsManifest;
    const mine = JSON.parse(readFileSync(path.join(committed, 'manifest.json'), 'utf8')) as WeightsManifest;
    expect(fresh.files.map((f) => [f.file, f.size, f.sha256])).toEqual(mine.files.map((f) => [f.file, f.size, f.sha256]));
    for (const f of mine.files) {
      expect(f.licence.length).toBeGreaterThan(2);
      expect(f.source.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(f.size).toBeLessThan(5 * 2 ** 20);
    }
  });

  it('an altered weight file is refused by name: status MODEL_CORRUPT, calls throw ENGINE_NOT_READY', async () => {
    const dir = path.join(tmp, 'altered');
    mkdirSync(dir, { recursive: true });
    copyWeights(dir);
    const p = path.join(dir, 'fr_liveness.onnx');
    const bytes = readFileSync(p);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff; // one flipped byte, same size
    writeFileSync(p, bytes);
    const engine = await createFaceEngine({ weightsDir: dir });
    try {
      const st = engine.status();
      expect(st.ready).toBe(false);
      expect(st.error).toMatchObject({ code: 'MODEL_CORRUPT', file: 'fr_liveness.onnx' });
      expect(st.error!.message.id).toContain('fr_liveness.onnx');
      expect(st.error!.message.en).toMatch(/refer visitors to staff/);
      const err = await engine.enrolFromImage(new Uint8Array([1])).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FaceEngineError);
      expect(err).toMatchObject({ code: 'ENGINE_NOT_READY', file: 'fr_liveness.onnx' });
    } finally {
      await engine.close();
    }
  });

  it('a missing weight file is refused by name: MODEL_MISSING (in-process engine too)', async () => {
    const dir = path.join(tmp, 'missing');
    mkdirSync(dir, { recursive: true });
    copyWeights(dir);
    unlinkSync(path.join(dir, 'face_landmark_68_model.bin'));
    const engine = await createFaceEngine({ weightsDir: dir, inWorker: false });
    expect(engine.status()).toMatchObject({ ready: false, backend: 'none', error: { code: 'MODEL_MISSING', file: 'face_landmark_68_model.bin' } });
    expect(() => engine.startSession({ policy: { challenge: 'blink', requirePassive: true } })).toThrow(FaceEngineError);
    await engine.close();
  });

  it('a missing worker file (a broken bundle) gives a not-ready engine, not a crash', async () => {
    const engine = await createFaceEngine({ workerEntry: path.join(tmp, 'no-such-face-worker.mjs') });
    expect(engine.status()).toMatchObject({ ready: false, error: { code: 'ENGINE_FAILED' } });
    expect(engine.status().error!.message.en).toMatch(/face worker entry not found/);
    await engine.close();
  });

  it('a manifest entry that does not match the file size is refused', async () => {
    const dir = path.join(tmp, 'size');
    mkdirSync(dir, { recursive: true });
    copyWeights(dir);
    const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as WeightsManifest;
    m.files.find((f) => f.file === 'fr_feature.onnx')!.size += 1;
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
    const engine = await createFaceEngine({ weightsDir: dir, inWorker: false });
    expect(engine.status().error).toMatchObject({ code: 'MODEL_CORRUPT', file: 'fr_feature.onnx' });
    await engine.close();
  });
});
