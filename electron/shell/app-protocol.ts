// The app:// scheme: serves the renderer build to the kiosk window with the strict CSP. Registered as a
// standard, secure scheme so the page gets a real origin (camera permission, fetch) that no other page shares.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { contentTypeOf } from '../browser-host/static-files';
import { hardeningHeaders } from '../security/csp';
import { appRequestPath } from '../security/navigation';

export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: true } as const;

/** Answers one app:// request from the renderer folder (pure Node apart from the Response type). */
export async function serveAppRequest(rendererDir: string, url: string): Promise<Response> {
  const rel = appRequestPath(url);
  if (!rel) return new Response('not found', { status: 404 });
  let file = path.join(rendererDir, rel);
  const isFile = await stat(file).then((s) => s.isFile(), () => false);
  if (!isFile) {
    if (path.extname(rel) !== '') return new Response('not found', { status: 404 });
    file = path.join(rendererDir, 'index.html');
  }
  try {
    const body = await readFile(file);
    return new Response(body, { status: 200, headers: { 'Content-Type': contentTypeOf(file), 'Cache-Control': 'no-cache', ...hardeningHeaders() } });
  } catch {
    return new Response('The kiosk screens are not built (npm run build:renderer).', { status: 503 });
  }
}
