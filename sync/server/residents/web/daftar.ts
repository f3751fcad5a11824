// /daftar/: self-registration. The NIK is checked here with the shared rules (the server checks again).
import { parseNik } from '../../../protocol/nik';
import { RESIDENT_CONSENT_VERSION } from '../../../protocol/api/residents';
import { $, api, b64ToBlobUrl, fileToB64, grabJpeg, openCamera, showError, showText, stopCamera } from './common';
import { bi, setupLanguage, t, type Bi } from './i18n';

type Result = { status: 'registered'; rid: string; verified: boolean; pass: { token: string; png: string; pdf: string; expiresAt: string } } | { status: 'review'; message: Bi };

let selfie: string | null = null;
let stream: MediaStream | null = null;
let last: Result | null = null;
let nikMessage: Bi | null = null;

const err = $('error');
const nikErr = $('nik-error');

function render(): void {
  nikErr.textContent = nikMessage ? bi(nikMessage) : '';
  nikErr.hidden = !nikMessage;
  if (!last) return;
  if (last.status === 'registered') {
    $('pass-status').textContent = t(last.verified ? 'passVerified' : 'passUnverified');
  } else {
    $('review-text').textContent = bi(last.message);
  }
}

function setSelfie(b64: string): void {
  selfie = b64;
  const img = $<HTMLImageElement>('preview');
  img.src = `data:image/jpeg;base64,${b64}`;
  img.hidden = false;
}

$('camera').addEventListener('click', async () => {
  try {
    stream = await openCamera($<HTMLVideoElement>('video'));
    $('video').hidden = false;
    $('snap').hidden = false;
  } catch {
    showText(err, t('cameraError'), 'camera');
  }
});
$('snap').addEventListener('click', () => {
  setSelfie(grabJpeg($<HTMLVideoElement>('video'), 0.92));
  stopCamera(stream);
  stream = null;
  $('video').hidden = true;
  $('snap').hidden = true;
});
$<HTMLInputElement>('file').addEventListener('change', async (ev) => {
  const f = (ev.target as HTMLInputElement).files?.[0];
  if (f) setSelfie(await fileToB64(f));
});
$<HTMLInputElement>('nik').addEventListener('blur', () => {
  const v = $<HTMLInputElement>('nik').value;
  const p = v.trim() ? parseNik(v) : null;
  nikMessage = p && !p.ok ? p.error.message : null;
  render();
});

$('form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  showError(err, null);
  const nik = parseNik($<HTMLInputElement>('nik').value);
  nikMessage = nik.ok ? null : nik.error.message;
  render();
  if (!nik.ok) return $('nik').focus();
  const name = $<HTMLInputElement>('name').value.trim();
  if (!name) return showText(err, t('needName'), 'name');
  if (!$<HTMLInputElement>('consent').checked) return showText(err, t('needConsent'), 'consent');
  if (!selfie) return showText(err, t('needSelfie'), 'selfie');
  const contact = $<HTMLInputElement>('contact').value.trim();
  const button = $<HTMLButtonElement>('submit');
  button.disabled = true;
  button.textContent = t('sending');
  const r = await api<Result>('POST', '/v1/residents/registrations', {
    nik: nik.value.nik, name, ...(contact ? { contact } : {}), consent: { given: true, textVersion: RESIDENT_CONSENT_VERSION }, selfie,
  });
  button.disabled = false;
  button.textContent = t('submit');
  if (!r.ok) return showError(err, r.error);
  last = r.data;
  $('form').hidden = true;
  if (last.status === 'registered') {
    $<HTMLImageElement>('qr').src = `data:image/png;base64,${last.pass.png}`;
    const png = $<HTMLAnchorElement>('dl-png');
    png.href = b64ToBlobUrl(last.pass.png, 'image/png');
    png.download = `jejak-pass-${last.rid}.png`;
    const pdf = $<HTMLAnchorElement>('dl-pdf');
    pdf.href = b64ToBlobUrl(last.pass.pdf, 'application/pdf');
    pdf.download = `jejak-kartu-${last.rid}.pdf`;
    $('pass').hidden = false;
    $('pass').dataset.rid = last.rid;
    $('pass-title').focus();
  } else {
    $('review').hidden = false;
  }
  render();
});

setupLanguage(render);
