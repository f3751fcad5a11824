// /saya/: prove who you are (pass or NIK + live face), then see, correct or erase your data.
import { $, api, fileToB64, grabJpeg, openCamera, showError, showText, stopCamera } from './common';
import { bi, setupLanguage, t } from './i18n';

interface Data {
  rid: string; name: string; contact: string | null; registeredAt: string; verified: boolean;
  visits: Array<{ at: string; venueName: string; outcome: string; checkedOutAt: string | null }>;
}

const FRAMES = 32;
const INTERVAL_MS = 125;
let session: string | null = null;
let data: Data | null = null;
const err = $('error');

const fmt = (iso: string) => new Date(iso).toLocaleString(document.documentElement.lang === 'en' ? 'en-GB' : 'id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'medium', timeStyle: 'short' });

function render(): void {
  if (!data) return;
  $('d-registered').textContent = fmt(data.registeredAt);
  $('d-status').textContent = t(data.verified ? 'verified' : 'unverified');
  $('d-contact').textContent = data.contact ?? '–';
  const body = $('visits');
  body.replaceChildren();
  for (const v of data.visits) {
    const tr = document.createElement('tr');
    for (const text of [fmt(v.at), v.venueName, v.outcome]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    body.append(tr);
  }
  $('no-visits').hidden = data.visits.length > 0;
}

async function load(): Promise<void> {
  const r = await api<Data>('GET', '/v1/residents/me', undefined, session ?? undefined);
  if (!r.ok) return showError(err, r.error);
  data = r.data;
  $<HTMLInputElement>('d-name').value = data.name;
  $('proof').hidden = true;
  $('mine').hidden = false;
  render();
  $('mine-title').focus();
}

$('proof-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  showError(err, null);
  const nik = $<HTMLInputElement>('nik').value.trim();
  const passToken = $<HTMLInputElement>('pass-token').value.trim();
  const file = $<HTMLInputElement>('pass-image').files?.[0];
  const proof = nik ? { nik } : passToken ? { passToken } : file ? { passImage: await fileToB64(file) } : null;
  if (!proof) return showText(err, t('needProof'), 'proof');
  const video = $<HTMLVideoElement>('video');
  let stream: MediaStream;
  try {
    stream = await openCamera(video);
  } catch {
    return showText(err, t('cameraError'), 'camera');
  }
  video.hidden = false;
  const prompt = $('prompt');
  showText(prompt, t('blinkPrompt'));
  const button = $<HTMLButtonElement>('start');
  button.disabled = true;
  const frames: string[] = [];
  await new Promise((r) => setTimeout(r, 400));
  for (let i = 0; i < FRAMES; i++) {
    frames.push(grabJpeg(video, 0.8));
    await new Promise((r) => setTimeout(r, INTERVAL_MS));
  }
  stopCamera(stream);
  video.hidden = true;
  showText(prompt, t('sending'));
  const r = await api<{ session: string }>('POST', '/v1/residents/session', { ...proof, frames });
  button.disabled = false;
  showText(prompt, '');
  if (!r.ok) return showError(err, r.error);
  session = r.data.session;
  await load();
});

$('name-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  showError(err, null);
  const r = await api('POST', '/v1/residents/me/name', { name: $<HTMLInputElement>('d-name').value.trim() }, session ?? undefined);
  if (!r.ok) return showError(err, r.error);
  showText($('notice'), t('nameSaved'), 'name_saved');
});

$('erase-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  showError(err, null);
  if (!$<HTMLInputElement>('erase-confirm').checked) return;
  const r = await api('POST', '/v1/residents/me/erase', { confirm: true }, session ?? undefined);
  if (!r.ok) return showError(err, r.error);
  session = null;
  data = null;
  $('mine').hidden = true;
  $('erased').hidden = false;
});

setupLanguage(() => {
  render();
  void bi;
});
