// The resident's pass as images: the QR as PNG (screen, download) and a printable A6 card as PDF for
// people without a smartphone. The PDF is written by hand (one page, one JPEG image, Helvetica text):
// a few hundred bytes of structure, no PDF library to keep up to date for it.
import QRCode from 'qrcode';
import sharp from 'sharp';

export async function qrPng(token: string): Promise<Buffer> {
  return QRCode.toBuffer(token, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
}

/** PDF text strings hold Latin-1 (WinAnsi) here; anything else becomes '?', and ( ) \ are escaped. */
function pdfText(s: string): string {
  return [...s].map((c) => (c.charCodeAt(0) > 0xff || c.charCodeAt(0) < 0x20 ? '?' : c)).join('').replace(/[\\()]/g, (c) => `\\${c}`);
}

const MM = 72 / 25.4;

export interface CardText {
  name: string;
  rid: string;
  /** e.g. '3 Des 2027' */
  validUntil: string;
  verified: boolean;
}

/** A6 portrait (105 × 148 mm): title, the QR (70 mm), the name, registration id, validity, a note. */
export async function passCardPdf(token: string, t: CardText): Promise<Buffer> {
  const png = await qrPng(token);
  const jpeg = await sharp(png).flatten({ background: '#ffffff' }).jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer({ resolveWithObject: true });
  const w = 105 * MM;
  const h = 148 * MM;
  const q = 70 * MM;
  const qx = (w - q) / 2;
  const qy = h - 22 * MM - q;
  const lines: Array<[number, number, string]> = [
    [16, h - 14 * MM, 'Jejak - Pass Masuk / Entry Pass'],
    [13, qy - 9 * MM, t.name],
    [9, qy - 15 * MM, `ID: ${t.rid}`],
    [9, qy - 20 * MM, `Berlaku s.d. / Valid until: ${t.validUntil}`],
    [8, qy - 27 * MM, t.verified ? 'Terverifikasi / Verified' : 'Belum diverifikasi: tunjukkan KTP pada kunjungan pertama'],
    [8, qy - 31 * MM, t.verified ? '' : 'Not verified yet: show your KTP at your first visit'],
  ];
  const text = lines.filter(([, , s]) => s).map(([size, y, s]) => `BT /F1 ${size} Tf ${(10 * MM).toFixed(2)} ${y.toFixed(2)} Td (${pdfText(s)}) Tj ET`).join('\n');
  const content = `q ${q.toFixed(2)} 0 0 ${q.toFixed(2)} ${qx.toFixed(2)} ${qy.toFixed(2)} cm /Im1 Do Q\n${text}\n`;
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w.toFixed(2)} ${h.toFixed(2)}] /Resources << /Font << /F1 4 0 R >> /XObject << /Im1 5 0 R >> >> /Contents 6 0 R >>`),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'),
    Buffer.concat([
      Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${jpeg.info.width} /Height ${jpeg.info.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.data.length} >>\nstream\n`),
      jpeg.data,
      Buffer.from('\nendstream'),
    ]),
    Buffer.concat([Buffer.from(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n`), Buffer.from(content, 'latin1'), Buffer.from('endstream')]),
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  objects.forEach((o, i) => {
    offsets.push(at);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), o, Buffer.from('\nendobj\n')]);
    parts.push(b);
    at += b.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`));
  return Buffer.concat(parts);
}
