// Serves the console's built pages (dist/console, `npm run build:console`) under /console/ with a
// strict CSP: only the build's own files, no inline script or style, no framing, API calls to this
// origin only. Unknown paths under /console/ get index.html (the pages route in the browser).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

export const CONSOLE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
export const DEFAULT_CONSOLE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/console');

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2' };

export function registerConsolePages(app: FastifyInstance, dir = DEFAULT_CONSOLE_DIR): void {
  const headers = {
    'content-security-policy': CONSOLE_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin', 'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
  const send = (rel: string) => {
    const file = path.join(dir, rel);
    // only files inside the build folder, never a path that climbs out of it
    if (!file.startsWith(dir + path.sep) || !existsSync(file)) return null;
    return { body: readFileSync(file), type: TYPES[path.extname(file)] ?? 'application/octet-stream' };
  };
  app.get('/console', async (_req, reply) => reply.redirect('/console/'));
  app.get('/console/*', async (req, reply) => {
    const rel = decodeURIComponent((req.params as { '*': string })['*'] ?? '');
    const asset = rel.startsWith('assets/') ? send(rel) : null;
    const out = asset ?? send('index.html');
    void reply.headers(headers);
    if (!out) {
      return reply.code(503).header('content-type', 'text/plain; charset=utf-8').send('Konsol belum dibangun: npm run build:console / The console is not built: npm run build:console\n');
    }
    return reply
      .header('content-type', out.type)
      .header('cache-control', asset ? 'public, max-age=31536000, immutable' : 'no-store')
      .send(out.body);
  });
}
