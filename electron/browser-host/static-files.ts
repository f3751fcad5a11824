// Serving the renderer build: only files inside the build folder, with their types; index.html gets the
// per-launch API token injected (and is never cached, since the token changes every launch).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { API_TOKEN_META } from '../contract/kiosk-api';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The file a URL path names inside `root`, or null for anything outside it. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rel = decoded.replace(/^\/+/, '') || 'index.html';
  const full = path.resolve(root, rel);
  const rootWithSep = path.resolve(root) + path.sep;
  return full.startsWith(rootWithSep) ? full : null;
}

export function injectToken(html: string, token: string): string {
  const meta = `<meta name="${API_TOKEN_META}" content="${token}">`;
  return html.includes('</head>') ? html.replace('</head>', `${meta}</head>`) : `${meta}${html}`;
}

export type StaticAnswer = { status: 200; type: string; body: Buffer; isIndex: boolean } | { status: 404 | 503; type: string; body: Buffer; isIndex: false };

export async function loadStatic(root: string, urlPath: string, token: string): Promise<StaticAnswer> {
  const indexFile = path.join(root, 'index.html');
  const target = resolveInside(root, urlPath);
  if (!target) return { status: 404, type: TYPES['.txt']!, body: Buffer.from('not found'), isIndex: false };
  let file = target;
  const isFile = await stat(file).then((s) => s.isFile(), () => false);
  if (!isFile) {
    // Client-side routes (no extension) get the app; a missing asset is a plain 404.
    if (path.extname(file) !== '') return { status: 404, type: TYPES['.txt']!, body: Buffer.from('not found'), isIndex: false };
    file = indexFile;
  }
  if (file === indexFile) {
    const html = await readFile(indexFile, 'utf8').catch(() => null);
    if (html === null) {
      return { status: 503, type: TYPES['.txt']!, body: Buffer.from('The kiosk screens are not built. Run `npm run build:renderer`.\n'), isIndex: false };
    }
    return { status: 200, type: TYPES['.html']!, body: Buffer.from(injectToken(html, token)), isIndex: true };
  }
  return { status: 200, type: contentTypeOf(file), body: await readFile(file), isIndex: false };
}
