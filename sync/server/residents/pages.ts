// The residents' pages: /daftar/ (self-registration) and /saya/ (my data), served by the city server
// beside the console. Server-rendered HTML with one bundled script each (esbuild, built on first
// request from web/*.ts, which share the NIK rules with the kiosk and the server) and a strict CSP:
// nothing inline, nothing from another origin, the camera for this origin only.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

const WEB_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web');

export const RESIDENTS_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const HEADERS = {
  'content-security-policy': RESIDENTS_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin', 'permissions-policy': 'camera=(self), microphone=(), geolocation=()', 'cache-control': 'no-store',
};

const head = (titleKey: string, script: string) => `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title data-t="${titleKey}">Jejak</title><link rel="stylesheet" href="/residents-assets/residents.css"><script type="module" src="/residents-assets/${script}.js"></script></head>
<body><header><h1 data-t="${titleKey}"></h1><button type="button" id="lang" data-t="switchLang"></button></header><main>`;

export const DAFTAR_HTML = `${head('daftarTitle', 'daftar')}
<p data-t="daftarIntro"></p>
<form id="form" novalidate>
  <label for="nik" data-t="nik"></label><input id="nik" name="nik" inputmode="numeric" autocomplete="off" maxlength="40" aria-describedby="nik-error">
  <p id="nik-error" class="error" role="alert" hidden></p>
  <label for="name" data-t="name"></label><input id="name" name="name" autocomplete="name" maxlength="100">
  <label for="contact" data-t="contact"></label><input id="contact" name="contact" type="tel" autocomplete="tel" maxlength="120">
  <section aria-labelledby="consent-title"><h2 id="consent-title" data-t="consentTitle"></h2><p class="consent" data-t="consentText"></p>
    <label class="check"><input type="checkbox" id="consent"><span data-t="consentCheck"></span></label></section>
  <section aria-labelledby="selfie-title"><h2 id="selfie-title" data-t="selfie"></h2><p class="help" data-t="selfieHelp"></p>
    <button type="button" class="secondary" id="camera" data-t="useCamera"></button>
    <video id="video" playsinline muted hidden></video><button type="button" id="snap" data-t="takePhoto" hidden></button>
    <label for="file" data-t="uploadPhoto"></label><input id="file" type="file" accept="image/jpeg,image/png">
    <img id="preview" alt="" hidden></section>
  <p id="error" class="error" role="alert" hidden></p>
  <button type="submit" id="submit" data-t="submit"></button>
</form>
<section id="pass" hidden aria-labelledby="pass-title"><h2 id="pass-title" tabindex="-1" data-t="passTitle"></h2>
  <img id="qr" alt="QR pass"><p id="pass-status"></p>
  <a class="button" id="dl-png" data-t="downloadPng"></a> <a class="button" id="dl-pdf" data-t="downloadPdf"></a></section>
<section id="review" hidden aria-labelledby="review-title"><h2 id="review-title" data-t="reviewTitle"></h2><p id="review-text" role="status"></p></section>
</main></body></html>`;

export const SAYA_HTML = `${head('sayaTitle', 'saya')}
<section id="proof"><p data-t="sayaIntro"></p>
<form id="proof-form" novalidate>
  <label for="nik" data-t="proofNik"></label><input id="nik" inputmode="numeric" autocomplete="off" maxlength="40">
  <label for="pass-token" data-t="proofPass"></label><input id="pass-token" autocomplete="off" maxlength="3000">
  <label for="pass-image" data-t="proofPassImage"></label><input id="pass-image" type="file" accept="image/*">
  <video id="video" playsinline muted hidden></video><p id="prompt" class="notice" role="status" hidden></p>
  <button type="submit" id="start" data-t="startCheck"></button>
</form></section>
<p id="error" class="error" role="alert" hidden></p>
<section id="mine" hidden aria-labelledby="mine-title"><h2 id="mine-title" tabindex="-1" data-t="sayaTitle"></h2>
  <form id="name-form"><label for="d-name" data-t="name"></label><input id="d-name" maxlength="100"><button type="submit" data-t="saveName"></button></form>
  <p id="notice" class="notice" role="status" hidden></p>
  <dl><dt data-t="registered"></dt><dd id="d-registered"></dd><dt data-t="status"></dt><dd id="d-status"></dd><dt data-t="contact"></dt><dd id="d-contact"></dd></dl>
  <h3 data-t="visitsTitle"></h3>
  <table><thead><tr><th data-t="when"></th><th data-t="where"></th><th data-t="result"></th></tr></thead><tbody id="visits"></tbody></table>
  <p id="no-visits" data-t="noVisits"></p>
  <form id="erase-form"><h3 data-t="eraseTitle"></h3><p data-t="eraseText"></p>
    <label class="check"><input type="checkbox" id="erase-confirm"><span data-t="eraseCheck"></span></label>
    <button type="submit" id="erase" data-t="erase"></button></form>
</section>
<section id="erased" hidden><p class="notice" role="status" data-t="erased"></p></section>
</main></body></html>`;

let bundles: Promise<Map<string, string>> | null = null;

/** Both page scripts, bundled once per process (esbuild is what Vite uses underneath). */
function buildScripts(): Promise<Map<string, string>> {
  bundles ??= (async () => {
    const esbuild = await import('esbuild');
    const out = new Map<string, string>();
    for (const name of ['daftar', 'saya']) {
      const r = await esbuild.build({ entryPoints: [path.join(WEB_DIR, `${name}.ts`)], bundle: true, format: 'esm', target: 'es2022', minify: true, write: false, logLevel: 'silent' });
      out.set(name, r.outputFiles[0]!.text);
    }
    return out;
  })();
  bundles.catch(() => {
    bundles = null;
  });
  return bundles;
}

export function registerResidentPages(app: FastifyInstance): void {
  const css = readFileSync(path.join(WEB_DIR, 'residents.css'), 'utf8');
  const page = (html: string) => async (_req: unknown, reply: FastifyReply) => reply.headers(HEADERS).header('content-type', 'text/html; charset=utf-8').send(html);
  app.get('/daftar', async (_req, reply) => reply.redirect('/daftar/'));
  app.get('/saya', async (_req, reply) => reply.redirect('/saya/'));
  app.get('/daftar/', page(DAFTAR_HTML));
  app.get('/saya/', page(SAYA_HTML));
  app.get('/residents-assets/residents.css', async (_req, reply) => reply.headers(HEADERS).header('content-type', 'text/css; charset=utf-8').send(css));
  app.get('/residents-assets/:name', async (req, reply) => {
    const name = (req.params as { name: string }).name.replace(/\.js$/, '');
    const js = (await buildScripts()).get(name);
    if (!js) return reply.code(404).send();
    return reply.headers(HEADERS).header('content-type', 'text/javascript; charset=utf-8').send(js);
  });
}
