// What both residents' pages share: calling the API, showing errors, the camera.
import { bi, t, type Bi } from './i18n';

export interface ApiError { status: number; code: string; message: Bi; details?: Array<{ path: string; message: string }> }

export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown, session?: string): Promise<{ ok: true; status: number; data: T } | { ok: false; error: ApiError }> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(session ? { authorization: `Bearer ${session}` } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    return { ok: false, error: { status: 0, code: 'network', message: { id: t('networkError'), en: t('networkError') } } };
  }
  const json = (await res.json().catch(() => null)) as { error?: ApiError } | null;
  if (!res.ok) {
    const e = json?.error;
    return { ok: false, error: { status: res.status, code: e?.code ?? `http_${res.status}`, message: e?.message ?? { id: `Kesalahan ${res.status}`, en: `Error ${res.status}` }, details: e?.details } };
  }
  return { ok: true, status: res.status, data: json as T };
}

/** Shows a server error: the code's message, and the specific one (selfie guidance, NIK rule) when given. */
export function showError(el: HTMLElement, e: ApiError | null): void {
  el.hidden = e === null;
  el.dataset.code = e?.code ?? '';
  if (!e) {
    el.textContent = '';
    return;
  }
  const specific = e.details?.find((d) => d.message.includes(' / '))?.message.split(' / ');
  el.textContent = specific ? (document.documentElement.lang === 'en' ? specific[1]! : specific[0]!) : bi(e.message);
}

export function showText(el: HTMLElement, text: string, code = ''): void {
  el.hidden = text === '';
  el.dataset.code = code;
  el.textContent = text;
}

export async function openCamera(video: HTMLVideoElement): Promise<MediaStream> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
  video.srcObject = stream;
  await video.play();
  return stream;
}

export function stopCamera(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** One camera frame as base64 JPEG (no data: prefix). */
export function grabJpeg(video: HTMLVideoElement, quality = 0.85): string {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth || 640;
  canvas.height = video.videoHeight || 480;
  canvas.getContext('2d')!.drawImage(video, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/jpeg', quality).split(',')[1]!;
}

export function fileToB64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(',')[1] ?? '');
    r.onerror = () => reject(new Error('read failed'));
    r.readAsDataURL(file);
  });
}

export function b64ToBlobUrl(b64: string, type: string): string {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type }));
}

export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
