// The Electron bundles build, the sandboxed preload requires nothing but `electron`, and the bundled
// face worker actually runs inference under plain Node (the same file Electron's worker thread loads).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleElectron } from '../../electron/build/bundle-electron';
import { createFaceEngine } from '../../models/engine/create';

describe('electron bundles', () => {
  it('builds main, preload and the face worker; the preload needs only electron; the worker runs', async () => {
    const [main, preload, worker] = await bundleElectron();
    for (const f of [main!, preload!, worker!]) expect(existsSync(f), f).toBe(true);
    const requires = [...readFileSync(preload!, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(readFileSync(main!, 'utf8')).toContain('kiosk:');
    const engine = await createFaceEngine({ workerEntry: worker! });
    try {
      expect(engine.status()).toMatchObject({ ready: true });
    } finally {
      await engine.close();
    }
  }, 120_000);
});
