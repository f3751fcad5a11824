// Shared set-up of the kiosk integration tests: a real store on disk, the real face engine, the real
// sync agent, a movable clock, and camera frames cut from a real fixture clip with ffmpeg.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeKiosk, type ComposeOptions, type ComposedKiosk } from '../../electron/app/compose';
import { FileKeyStore } from '../../electron/store/index';
import type { KioskService } from '../../electron/kiosk/service';
import type { FrameFeedback, GateResult, ScanResponse } from '../../electron/contract/kiosk-api';
import { generateEd25519KeyPair } from '../../sync/protocol/crypto';

export class MovableClock {
  ms: number;
  constructor(start = '2026-11-29T03:00:00.000Z') {
    this.ms = Date.parse(start);
  }
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** JPEG frames (base64) cut from a clip: `fps` frames per second from `startS` for `seconds`. */
export function framesFromClip(clip: string, opts: { startS: number; seconds: number; fps: number; width?: number }): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-frames-'));
  try {
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-ss', String(opts.startS), '-t', String(opts.seconds), '-i', clip, '-vf', `fps=${opts.fps},scale=${opts.width ?? 360}:-2`, '-q:v', '4', path.join(dir, 'f%03d.jpg')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.jpg'))
      .sort()
      .map((f) => readFileSync(path.join(dir, f)).toString('base64'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TestKiosk {
  kiosk: ComposedKiosk;
  service: KioskService;
  clock: MovableClock;
  dir: string;
  city: { keyId: string; publicKey: string; privateKey: string };
  cleanup(): Promise<void>;
}

/** A kiosk composed from the real parts, not yet provisioned. */
export async function openTestKiosk(opts: Partial<ComposeOptions> = {}, clock = new MovableClock()): Promise<TestKiosk> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-it-'));
  const kiosk = await composeKiosk({
    dataDir: dir,
    keyStore: new FileKeyStore(path.join(dir, 'data.key')),
    appVersion: '0.0.0-test',
    clock,
    agentOptions: { lookupTimeoutMs: 800, requestTimeoutMs: 2000 },
    ...opts,
  });
  const city = { keyId: 'city-test-1', ...generateEd25519KeyPair() };
  return {
    kiosk,
    service: kiosk.service,
    clock,
    dir,
    city,
    async cleanup() {
      await kiosk.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Provisions the store directly (no city server in this test): enrolled against a server that is not
 * there (a closed port), so the agent is honestly offline.
 */
export function provisionOffline(t: TestKiosk, overrides: { gateMode?: 'entry' | 'exit'; venueCapacity?: number | null; policy?: Record<string, unknown> } = {}): void {
  const device = generateEd25519KeyPair();
  t.kiosk.store.saveDeviceConfig({
    deviceId: '0193a1c0-0000-7000-8000-000000000001',
    venueId: 'venue-1',
    venueName: 'Pasar Bogor',
    gateId: 'gate-1',
    gateMode: overrides.gateMode ?? 'entry',
    serverUrl: 'http://127.0.0.1:9',
    cityPublicKeys: { [t.city.keyId]: t.city.publicKey },
    nikHashKey: randomBytes(32).toString('base64url'),
    devicePublicKey: device.publicKey,
    devicePrivateKey: device.privateKey,
    venueCapacity: overrides.venueCapacity ?? 100,
    policy: overrides.policy ?? {},
  });
}

export async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: { id: string; en: string } } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message.en}`);
  return r.value;
}

/** Feeds frames (advancing the clock like a camera at `fps`) until the check answers with a result. */
export async function runFaceCheck(t: TestKiosk, scan: ScanResponse, frames: string[], fps = 10): Promise<{ result: GateResult; feedback: FrameFeedback[] }> {
  if (scan.next !== 'face') throw new Error(`expected a face check, got a result: ${JSON.stringify(scan.result)}`);
  const feedback: FrameFeedback[] = [];
  for (const jpegBase64 of frames) {
    t.clock.advance(1000 / fps);
    const fb = await ok(t.service.api.submitFrame({ sessionId: scan.sessionId, jpegBase64 }));
    feedback.push(fb);
    if (fb.result) return { result: fb.result, feedback };
  }
  throw new Error(`no result after ${frames.length} frames; last guidance ${JSON.stringify(feedback.at(-1)?.guidance)}`);
}

/** Words that name a medical status: never on the public screen. */
export const MEDICAL_WORDS = /covid|positif|positive|konfirm|confirm|suspe|kontak|contact|isolasi|isolation|karantina|quarantin|sakit|sick|infe|virus|risk|risiko/i;
