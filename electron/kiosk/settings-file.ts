// The kiosk's own settings (PIN hashes, camera, gate name) in a small JSON file beside the DB, mode 0600.
// Written atomically (temp file + rename) so a power cut leaves the old or the new file, never half.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { KioskSettings, SettingsPort } from './deps';

const Settings = z.object({
  adminPinHash: z.string().nullable().default(null),
  staffPinHash: z.string().nullable().default(null),
  cameraId: z.string().nullable().default(null),
  gateName: z.string().nullable().default(null),
});

const EMPTY: KioskSettings = { adminPinHash: null, staffPinHash: null, cameraId: null, gateName: null };

export function fileSettings(file: string): SettingsPort {
  let cache: KioskSettings | null = null;
  return {
    load() {
      if (cache) return { ...cache };
      if (!existsSync(file)) return { ...EMPTY };
      const parsed = Settings.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      cache = parsed.success ? parsed.data : { ...EMPTY };
      return { ...cache };
    },
    save(settings) {
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, JSON.stringify(settings, null, 2), { mode: 0o600 });
      renameSync(tmp, file);
      cache = { ...settings };
    },
  };
}

export function memorySettings(initial: Partial<KioskSettings> = {}): SettingsPort {
  let s: KioskSettings = { ...EMPTY, ...initial };
  return { load: () => ({ ...s }), save: (n) => (s = { ...n }) };
}
