// Templates of still images (selfie path: decode, pad, detect, landmarks, align, embed), cached on disk between
// runs keyed by the model id, the template pipeline and each image's SHA-256. Shared by eval:faces and eval:gate.
// The cache holds biometric templates of the fixture faces: a temp dir only, never the repository.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TEMPLATE_PIPELINE, type FaceCore } from '../engine/core';
import { decodeImage } from '../engine/image';
import { decodeTemplate } from '../engine/template';

export interface ImageResult {
  vector: number[] | null;
  ms: number;
  gateIssue: string | null;
}

export class TemplateCache {
  private readonly file: string | null;
  private readonly entries: Record<string, ImageResult>;
  computed = 0;

  constructor(
    private readonly core: FaceCore,
    dir: string | undefined,
  ) {
    if (dir) mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = dir ? path.join(dir, `templates-${createHash('sha256').update(`${core.recognitionModel}|${TEMPLATE_PIPELINE}`).digest('hex').slice(0, 16)}.json`) : null;
    this.entries = this.file && existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, ImageResult>) : {};
  }

  /** The template of one image file (quality gate not applied: its verdict is kept as gateIssue). */
  async of(bytes: Uint8Array, label: string): Promise<ImageResult> {
    const key = createHash('sha256').update(bytes).digest('hex');
    let r = this.entries[key];
    if (r) return r;
    const ts = performance.now();
    try {
      const img = await decodeImage(bytes);
      const a = await this.core.analyze(img, { source: 'photo', passive: false, atMs: 0, alwaysTemplate: true });
      r = { vector: a.template ? Array.from(decodeTemplate(a.template)) : null, ms: performance.now() - ts, gateIssue: a.issue?.code ?? null };
    } catch (err) {
      // An unreadable image is a failure to acquire, not a crash of the whole evaluation.
      console.error(`  ${label}: ${(err as Error).message}`);
      r = { vector: null, ms: performance.now() - ts, gateIssue: 'UNREADABLE' };
    }
    this.entries[key] = r;
    this.computed++;
    return r;
  }

  /** Every image of a set (paths relative to root), with progress on stderr. */
  async ofAll(root: string, rels: readonly string[], progress: (done: number, total: number) => void): Promise<Map<string, ImageResult>> {
    const out = new Map<string, ImageResult>();
    for (const [i, rel] of rels.entries()) {
      out.set(rel, await this.of(new Uint8Array(readFileSync(path.join(root, rel))), rel));
      progress(i + 1, rels.length);
    }
    return out;
  }

  save(): void {
    if (this.file) writeFileSync(this.file, JSON.stringify(this.entries), { mode: 0o600 });
  }
}
