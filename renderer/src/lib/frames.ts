// Pixels from the live <video>: ImageData for the QR reader, base64 JPEG for the face check.
export const FACE_FRAME = { width: 640, height: 480, quality: 0.85 } as const;

function canvas2d(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  return canvas.getContext('2d', { willReadFrequently: true });
}

export function videoReady(video: HTMLVideoElement | null): video is HTMLVideoElement {
  return video !== null && video.readyState >= 2 && video.videoWidth > 0 && video.videoHeight > 0;
}

/** The frame scaled so its longer side is at most `maxSide` (QR decoding does not need more). */
export function grabImageData(video: HTMLVideoElement, canvas: HTMLCanvasElement, maxSide = 800): ImageData | null {
  const scale = Math.min(1, maxSide / Math.max(video.videoWidth, video.videoHeight));
  const w = Math.round(video.videoWidth * scale);
  const h = Math.round(video.videoHeight * scale);
  const ctx = canvas2d(canvas, w, h);
  if (!ctx) return null;
  ctx.drawImage(video, 0, 0, w, h);
  return ctx.getImageData(0, 0, w, h);
}

/** The frame cropped to 4:3 and scaled to 640×480, as base64 JPEG without the data: prefix. */
export function grabJpegBase64(video: HTMLVideoElement, canvas: HTMLCanvasElement): string | null {
  const { width, height, quality } = FACE_FRAME;
  const ctx = canvas2d(canvas, width, height);
  if (!ctx) return null;
  const vw = video.videoWidth;
  const vh = video.videoHeight;
  const target = width / height;
  // centre crop to the target aspect so faces are not squashed
  const [sw, sh] = vw / vh > target ? [vh * target, vh] : [vw, vw / target];
  ctx.drawImage(video, (vw - sw) / 2, (vh - sh) / 2, sw, sh, 0, 0, width, height);
  const url = canvas.toDataURL('image/jpeg', quality);
  const comma = url.indexOf(',');
  return comma >= 0 ? url.slice(comma + 1) : null;
}
