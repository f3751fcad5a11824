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

/**
 * The frame scaled so its longer side is at most `maxSide` (QR decoding does not need more), through a 2D
 * canvas. Only where VideoFrame is missing: see createQrFrameReader for why not on every QR read.
 */
export function grabImageData(video: HTMLVideoElement, canvas: HTMLCanvasElement, maxSide = 800): ImageData | null {
  const scale = Math.min(1, maxSide / Math.max(video.videoWidth, video.videoHeight));
  const w = Math.round(video.videoWidth * scale);
  const h = Math.round(video.videoHeight * scale);
  const ctx = canvas2d(canvas, w, h);
  if (!ctx) return null;
  ctx.drawImage(video, 0, 0, w, h);
  return ctx.getImageData(0, 0, w, h);
}

/** The frame cropped to 4:3 and scaled to 640×480, as base64 JPEG without the data: prefix (see createFaceFrameGrabber). */
export function grabJpegBase64(video: HTMLVideoElement, canvas: HTMLCanvasElement): string | null {
  const ctx = canvas2d(canvas, FACE_FRAME.width, FACE_FRAME.height);
  if (!ctx) return null;
  drawCropped(ctx, video, video.videoWidth, video.videoHeight);
  return jpegOf(canvas);
}

function drawCropped(ctx: CanvasRenderingContext2D, source: CanvasImageSource, vw: number, vh: number): void {
  const { width, height } = FACE_FRAME;
  const target = width / height;
  // centre crop to the target aspect so faces are not squashed
  const [sw, sh] = vw / vh > target ? [vh * target, vh] : [vw, vw / target];
  ctx.drawImage(source, (vw - sw) / 2, (vh - sh) / 2, sw, sh, 0, 0, width, height);
}

function jpegOf(canvas: HTMLCanvasElement): string | null {
  const url = canvas.toDataURL('image/jpeg', FACE_FRAME.quality);
  const comma = url.indexOf(',');
  return comma >= 0 ? url.slice(comma + 1) : null;
}

/**
 * Face-check frames without drawing the <video> into a canvas (which grows the renderer ~25 MB/s, see
 * createQrFrameReader): the camera frame is copied as RGBA (VideoFrame.copyTo) into a buffer reused from
 * frame to frame, put on a full-size canvas, and that canvas is cropped and scaled into the 640×480 one.
 * Measured with 8 frames/s for 18 s: 203 MB renderer, flat (drawing the video: 643 MB and growing). Falls
 * back to drawing the video where VideoFrame is missing.
 */
export function createFaceFrameGrabber(): { grab(video: HTMLVideoElement): Promise<string | null> } {
  const out = document.createElement('canvas');
  const full = document.createElement('canvas');
  let rgba: Uint8ClampedArray<ArrayBuffer> | null = null;
  let picture: ImageData | null = null;
  return {
    async grab(video) {
      let frame: VideoFrame | null = null;
      try {
        if (typeof VideoFrame === 'function') frame = new VideoFrame(video);
      } catch {
        frame = null;
      }
      if (!frame) return grabJpegBase64(video, out);
      try {
        const w = frame.displayWidth;
        const h = frame.displayHeight;
        const size = frame.allocationSize({ format: 'RGBA' });
        if (!rgba || rgba.byteLength !== size || !picture || picture.width !== w || picture.height !== h) {
          rgba = new Uint8ClampedArray(size);
          picture = new ImageData(rgba, w, h);
        }
        await frame.copyTo(rgba, { format: 'RGBA' });
        const fctx = canvas2d(full, w, h);
        const ctx = canvas2d(out, FACE_FRAME.width, FACE_FRAME.height);
        if (!fctx || !ctx) return null;
        fctx.putImageData(picture, 0, 0);
        drawCropped(ctx, full, w, h);
        return jpegOf(out);
      } catch {
        return grabJpegBase64(video, out); // a format copyTo cannot convert
      } finally {
        frame.close();
      }
    },
  };
}

/**
 * Reads the QR reader's picture straight from the camera frame (WebCodecs VideoFrame.copyTo) into buffers
 * reused from one call to the next: no canvas and no new pixel buffer per read. Drawing the <video> into a
 * 2D canvas 8 times a second grew Chromium's renderer by ~25 MB/s (to 630+ MB in 20 s, not in the JS heap)
 * even with nothing read back; this path stays flat. Frames wider than 960 px are read at half size (a QR
 * held up to the camera is large; zxing works faster on fewer pixels). null when the browser has no
 * VideoFrame or the frame's format is not one we read (the caller falls back to the canvas).
 */
export function createQrFrameReader(): { read(video: HTMLVideoElement): Promise<ImageData | null> } {
  let raw: Uint8Array | null = null;
  let out: ImageData | null = null; // R = G = B = the camera's luma, one buffer reused
  return {
    async read(video) {
      if (typeof VideoFrame !== 'function') return null;
      let frame: VideoFrame;
      try {
        frame = new VideoFrame(video);
      } catch {
        return null; // no frame yet, or a video VideoFrame cannot wrap
      }
      try {
        const fmt = frame.format;
        if (fmt === null) return null;
        const yuv = fmt === 'I420' || fmt === 'I420A' || fmt === 'NV12' || fmt === 'I422' || fmt === 'I444';
        const rgb = fmt === 'RGBA' || fmt === 'RGBX' || fmt === 'BGRA' || fmt === 'BGRX';
        if (!yuv && !rgb) return null;
        const size = frame.allocationSize();
        if (!raw || raw.byteLength !== size) raw = new Uint8Array(size);
        const [plane] = await frame.copyTo(raw);
        if (!plane) return null;
        const fw = frame.visibleRect?.width ?? frame.codedWidth;
        const fh = frame.visibleRect?.height ?? frame.codedHeight;
        const step = fw > 960 ? 2 : 1;
        const w = Math.floor(fw / step);
        const h = Math.floor(fh / step);
        if (!out || out.width !== w || out.height !== h) out = new ImageData(w, h);
        const d = out.data;
        const src = raw;
        const { offset, stride } = plane;
        let o = 0;
        for (let y = 0; y < h; y++) {
          let i = offset + y * step * stride;
          for (let x = 0; x < w; x++, o += 4, i += step * (yuv ? 1 : 4)) {
            // luma as zxing computes it from RGB (306, 601, 117 / 1024), so both paths read alike
            const l = yuv ? src[i]! : fmt.startsWith('BGR') ? (306 * src[i + 2]! + 601 * src[i + 1]! + 117 * src[i]! + 512) >> 10 : (306 * src[i]! + 601 * src[i + 1]! + 117 * src[i + 2]! + 512) >> 10;
            d[o] = l;
            d[o + 1] = l;
            d[o + 2] = l;
            d[o + 3] = 255;
          }
        }
        return out;
      } finally {
        frame.close();
      }
    },
  };
}
