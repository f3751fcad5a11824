// Screenshots for the README. Every run saves them under tests/artifacts/e2e; with
// JEJAK_UPDATE_SCREENSHOTS=1 a small copy (640 px wide, palette PNG) replaces <dir>/<name>.png (default
// renderer/screenshots; the residents' pages and the console's review page keep theirs beside their code).
// Only screens without a camera picture of a real person are taken this way: no third-party face is committed.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { repoRoot } from '../../helpers/fixtures';
import { screenshot } from './browser';

export const readmeShotsDir = path.join(repoRoot, 'renderer', 'screenshots');

export async function saveReadmeScreenshot(page: Page, name: string, dir = readmeShotsDir): Promise<string> {
  const full = await screenshot(page, name);
  if (process.env.JEJAK_UPDATE_SCREENSHOTS === '1') {
    mkdirSync(dir, { recursive: true });
    await sharp(full).resize({ width: 640, withoutEnlargement: true }).png({ palette: true, quality: 80, compressionLevel: 9 }).toFile(path.join(dir, `${name}.png`));
  }
  return full;
}
