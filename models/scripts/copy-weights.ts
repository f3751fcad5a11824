// `npm run models:copy`: copies every weight file the engine uses out of the installed npm packages into
// models/weights/ and writes models/weights/manifest.json (file, size, sha256, source package + version, licence).
// Weights are committed; re-run this only when a source package version changes, then review the diff.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WeightsManifest } from '../engine/weights';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2] ? path.resolve(process.argv[2]) : path.resolve(here, '../weights');

interface Source {
  pkg: string;
  dir: string;
  files: { name: string; role: string }[];
  licence: string;
  note: string;
}

const SOURCES: Source[] = [
  {
    pkg: 'faceplugin-face-recognition-js',
    dir: 'model',
    licence: 'MIT (package.json "license" and LICENSE file; the weights\' training data and origin are not stated)',
    note: 'ONNX models run with onnxruntime-node (CPU).',
    files: [
      { name: 'fr_detect.onnx', role: 'face detector (RFB-320 style, 320x240)' },
      { name: 'fr_feature.onnx', role: 'face recognition embedding (512-d, 112x112 aligned, BGR)' },
      { name: 'fr_liveness.onnx', role: 'passive presentation-attack score (128x128, BGR, class 0 = live)' },
      { name: 'fr_eye.onnx', role: 'eye state (24x24 grey, class 0 = closed)' },
    ],
  },
  {
    pkg: '@vladmandic/face-api',
    dir: 'model',
    licence: 'MIT',
    note: 'tfjs weights (manifest + shard) for FaceLandmark68Net.',
    files: [
      { name: 'face_landmark_68_model-weights_manifest.json', role: '68-point landmarks: tfjs weights manifest' },
      { name: 'face_landmark_68_model.bin', role: '68-point landmarks: weights' },
    ],
  },
];

function packageRoot(pkg: string): string {
  return path.dirname(require.resolve(`${pkg}/package.json`));
}

function main(): void {
  mkdirSync(outDir, { recursive: true });
  const manifest: WeightsManifest = { generatedBy: 'npm run models:copy', files: [] };
  for (const src of SOURCES) {
    const root = packageRoot(src.pkg);
    const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
    for (const f of src.files) {
      const from = path.join(root, src.dir, f.name);
      const to = path.join(outDir, f.name);
      copyFileSync(from, to);
      const bytes = readFileSync(to);
      manifest.files.push({
        file: f.name,
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        source: { package: src.pkg, version, path: `${src.dir}/${f.name}` },
        licence: src.licence,
        role: f.role,
      });
      console.log(`${f.name.padEnd(48)} ${String(bytes.length).padStart(9)} B  from ${src.pkg}@${version}`);
    }
  }
  writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  const total = manifest.files.reduce((s, f) => s + f.size, 0);
  console.log(`wrote ${path.join(outDir, 'manifest.json')}: ${manifest.files.length} files, ${(total / 2 ** 20).toFixed(1)} MiB`);
}

main();
