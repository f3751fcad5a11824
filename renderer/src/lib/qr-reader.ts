// QR codes read from camera frames with zxing-wasm. The .wasm is bundled by Vite next to the page
// (`?url` import) and located here, so nothing is fetched from a CDN (the library's default).
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

let prepared: Promise<unknown> | null = null;

export function prepareQrReader(): Promise<unknown> {
  prepared ??= prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(wasmUrl, window.location.href).href : prefix + path),
    },
    fireImmediately: true,
  });
  return prepared;
}

const options: ReaderOptions = { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 };

/** The text of the first QR code in the frame, or null. */
export async function readQr(image: ImageData): Promise<string | null> {
  await prepareQrReader();
  const results = await readBarcodes(image, options);
  const hit = results.find((r) => r.isValid && r.text.length > 0);
  return hit ? hit.text : null;
}
