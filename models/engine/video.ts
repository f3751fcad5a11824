// Reads a video file as camera frames with ffmpeg (eval-liveness, tests, bench). Not used by the kiosk at runtime:
// the kiosk gets RGBA frames from the camera.
import { spawn } from 'node:child_process';
import type { FrameInput } from './types';

export interface ClipOptions {
  fps?: number;
  startS?: number;
  durationS?: number;
  /** Longest side of the frames delivered (the kiosk camera is 640×480). */
  maxSide?: number;
  /**
   * Deliver every frame at exactly this size (e.g. the renderer's 640×480). `fit: 'renderer'` (default) does what
   * the kiosk screen does to a camera wider than 4:3 (renderer/src/lib/frames.ts: centre crop to the canvas aspect,
   * then scale) and letterboxes only sources taller than it (phone-portrait clips: a kiosk camera is landscape, and
   * a centre crop would cut their faces); `fit: 'pad'` letterboxes every source. Letterbox bars never reach the
   * engine from a kiosk camera, and they are not harmless: the passive model's wide crop takes a 16:9 clip's grey
   * top/bottom bars for a screen's bezel (the live pexels clip: median 0.17 letterboxed, 0.98 cropped).
   */
  canvas?: { width: number; height: number; fit?: 'renderer' | 'pad' };
  ffmpegPath?: string;
}

export interface ClipFrame {
  frame: Extract<FrameInput, { kind: 'rgba' }>;
  atMs: number;
}

async function probeSize(file: string, ffmpeg: string): Promise<{ w: number; h: number }> {
  // ffmpeg prints the stream line to stderr; avoids needing ffprobe.
  const err = await new Promise<string>((resolve) => {
    const p = spawn(ffmpeg, ['-hide_banner', '-i', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let s = '';
    p.stderr.on('data', (d: Buffer) => (s += d.toString()));
    p.on('close', () => resolve(s));
    p.on('error', () => resolve(''));
  });
  const m = /Video:.*?(\d{2,5})x(\d{2,5})/.exec(err);
  if (!m) throw new Error(`ffmpeg cannot read a video stream from ${file}`);
  const rot = /rotation of -?90|rotate\s*:\s*-?90|displaymatrix: rotation of -?90/.test(err);
  const w = Number(m[1]);
  const h = Number(m[2]);
  return rot ? { w: h, h: w } : { w, h };
}

export async function readClip(file: string, opts: ClipOptions = {}): Promise<ClipFrame[]> {
  const ffmpeg = opts.ffmpegPath ?? process.env.FFMPEG_PATH ?? 'ffmpeg';
  const fps = opts.fps ?? 10;
  const maxSide = opts.maxSide ?? 640;
  const src = await probeSize(file, ffmpeg);
  const c = opts.canvas;
  // renderer fit on a source wider than the canvas: centre crop to the canvas aspect first (even sizes for ffmpeg)
  const cropWide = c !== undefined && (c.fit ?? 'renderer') === 'renderer' && src.w * c.height > src.h * c.width;
  const cw = cropWide ? Math.round((src.h * c.width) / c.height / 2) * 2 : src.w;
  const crop = cropWide ? `crop=${cw}:${src.h},` : '';
  const k = c ? Math.min(c.width / cw, c.height / src.h) : Math.min(1, maxSide / Math.max(src.w, src.h));
  const sw = Math.max(2, Math.round((cw * k) / 2) * 2);
  const sh = Math.max(2, Math.round((src.h * k) / 2) * 2);
  const w = c ? c.width : sw;
  const h = c ? c.height : sh;
  const pad = c ? `,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:color=0x505050` : '';
  const args = ['-hide_banner', '-loglevel', 'error'];
  if (opts.startS) args.push('-ss', String(opts.startS));
  args.push('-i', file);
  if (opts.durationS) args.push('-t', String(opts.durationS));
  args.push('-vf', `fps=${fps},${crop}scale=${sw}:${sh}${pad}`, '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1');
  const frameBytes = w * h * 4;
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const p = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stdout.on('data', (d: Buffer) => chunks.push(d));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg failed (${code}): ${err.trim()}`))));
  });
  const all = Buffer.concat(chunks);
  const frames: ClipFrame[] = [];
  for (let i = 0; i + frameBytes <= all.length; i += frameBytes) {
    const idx = frames.length;
    frames.push({
      frame: { kind: 'rgba', data: new Uint8Array(all.subarray(i, i + frameBytes)), width: w, height: h },
      atMs: Math.round(((opts.startS ?? 0) + idx / fps) * 1000),
    });
  }
  return frames;
}
