// Weight files and their manifest. Every file the engine loads is read once, its size and SHA-256 checked
// against models/weights/manifest.json, and only those verified bytes are handed to the runtimes — a missing
// or altered file stops the engine with an error naming the file (the kiosk then REFERs everyone).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bilingual, EngineErrorCode } from './types';

export interface WeightsManifest {
  generatedBy: string;
  files: {
    file: string;
    size: number;
    sha256: string;
    source: { package: string; version: string; path: string };
    licence: string;
    role: string;
  }[];
}

export class WeightsError extends Error {
  constructor(
    readonly code: Extract<EngineErrorCode, 'MODEL_MISSING' | 'MODEL_CORRUPT'>,
    readonly file: string,
    readonly bilingual: Bilingual,
  ) {
    super(`${code}: ${bilingual.en}`);
    this.name = 'WeightsError';
  }
}

export function defaultWeightsDir(): string {
  return process.env.JEJAK_FACE_WEIGHTS ?? process.env.JEJAK_WEIGHTS_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../weights');
}

export const REQUIRED_WEIGHTS = [
  'fr_detect.onnx',
  'fr_feature.onnx',
  'fr_liveness.onnx',
  'fr_eye.onnx',
  'face_landmark_68_model-weights_manifest.json',
  'face_landmark_68_model.bin',
] as const;
export type WeightName = (typeof REQUIRED_WEIGHTS)[number];

function missing(file: string, why: string): WeightsError {
  return new WeightsError('MODEL_MISSING', file, {
    id: `Berkas model wajah "${file}" tidak ada (${why}). Pemeriksaan wajah dinonaktifkan; arahkan pengunjung ke petugas.`,
    en: `Face model file "${file}" is missing (${why}). Face checks are disabled; refer visitors to staff.`,
  });
}

function corrupt(file: string, why: string): WeightsError {
  return new WeightsError('MODEL_CORRUPT', file, {
    id: `Berkas model wajah "${file}" rusak atau diubah (${why}). Pemeriksaan wajah dinonaktifkan; arahkan pengunjung ke petugas.`,
    en: `Face model file "${file}" is corrupt or altered (${why}). Face checks are disabled; refer visitors to staff.`,
  });
}

/** Reads and verifies every required weight file; throws WeightsError naming the first bad file. */
export function loadVerifiedWeights(dir: string): Record<WeightName, Uint8Array> {
  const manifestPath = path.join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw missing('manifest.json', `not found in ${dir}`);
  let manifest: WeightsManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as WeightsManifest;
    if (!Array.isArray(manifest.files)) throw new Error('no files list');
  } catch (err) {
    throw corrupt('manifest.json', (err as Error).message);
  }
  const out = {} as Record<WeightName, Uint8Array>;
  for (const name of REQUIRED_WEIGHTS) {
    const entry = manifest.files.find((f) => f.file === name);
    if (!entry) throw corrupt(name, 'not listed in manifest.json');
    const p = path.join(dir, name);
    if (!existsSync(p)) throw missing(name, `not found in ${dir}`);
    const bytes = readFileSync(p);
    if (bytes.length !== entry.size) throw corrupt(name, `size ${bytes.length} B, manifest says ${entry.size} B`);
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== entry.sha256) throw corrupt(name, `sha256 ${sha.slice(0, 12)}… does not match the manifest`);
    out[name] = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return out;
}

/** Short id of the recognition weights, part of the template model id (templates of other weights are refused). */
export function shortHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 8);
}
