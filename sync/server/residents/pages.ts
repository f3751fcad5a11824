// The residents' pages: /daftar/ (self-registration) and /saya/ (my data), served by the city server
// beside the console from their Vite build (dist/residents, `npm run build:residents`; sources in
// residents/web, React as the kiosk and the console) with a strict CSP: only the build's own files,
// nothing inline, nothing from another origin, the camera for this origin only.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const RESIDENTS_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
export const DEFAULT_RESIDENTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/residents');

const HEADERS = {
  'content-security-policy': RESIDENTS_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin', 'permissions-policy': 'camera=(self), microphone=(), geolocation=()',
};
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png' };
const NOT_BUILT = 'Halaman warga belum dibangun: npm run build:residents / The residents\' pages are not built: npm run build:residents\n';

export function registerResidentPages(app: FastifyInstance, dir = DEFAULT_RESIDENTS_DIR): void {
  const read = (rel: string) => {
    const file = path.join(dir, rel);
    // only files inside the build folder, never a path that climbs out of it
    if (!file.startsWith(dir + path.sep) || !existsSync(file)) return null;
    return { body: readFileSync(file), type: TYPES[path.extname(file)] ?? 'application/octet-stream' };
  };
  const send = (reply: FastifyReply, rel: string, cache: string) => {
    const out = read(rel);
    void reply.headers(HEADERS);
    if (!out) return rel.endsWith('index.html') ? reply.code(503).header('content-type', 'text/plain; charset=utf-8').send(NOT_BUILT) : reply.code(404).send();
    return reply.header('content-type', out.type).header('cache-control', cache).send(out.body);
  };
  for (const page of ['daftar', 'saya']) {
    app.get(`/${page}`, async (_req, reply) => reply.redirect(`/${page}/`));
    app.get(`/${page}/`, async (_req, reply) => send(reply, `${page}/index.html`, 'no-store'));
  }
  // file names carry a content hash: cached for good
  app.get('/residents/assets/*', async (req, reply) => send(reply, `assets/${decodeURIComponent((req.params as { '*': string })['*'] ?? '')}`, 'public, max-age=31536000, immutable'));
}
