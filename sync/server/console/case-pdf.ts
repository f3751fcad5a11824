// A tracing case as a printable PDF (pdfkit: a maintained, pure-JS PDF writer with text flow and the
// standard fonts built in, so no font file, browser or native binary on the server). Labels are
// Bahasa Indonesia first with English after; times in WIB. The footer names the audit entry that
// recorded this export, so a printed copy can be traced back to who made it.
import PDFDocument from 'pdfkit';
import type { CaseDetail } from '../../protocol/api/console-cases';
import { LEGAL_BASIS_LABELS } from '../../protocol/api/console-cases';
import { formatWib, formatWibSpan } from '../../protocol/wib-time';

const L = {
  title: 'Kasus penelusuran kontak / Contact tracing case',
  warning: 'RAHASIA: berisi data pribadi. Hanya untuk petugas Dinkes yang menangani kasus ini. / CONFIDENTIAL: personal data, for the Dinkes officer handling this case only.',
  caseId: 'ID kasus / Case id', officer: 'Petugas / Officer', opened: 'Dibuka / Opened', nik: 'NIK', purpose: 'Tujuan / Purpose',
  basis: 'Dasar hukum / Legal basis', window: 'Periode / Window', visits: 'Kunjungan / Visits', contacts: 'Kontak / Contacts',
  none: '(tidak ada / none)', venue: 'Tempat / Venue', gate: 'Gerbang / Gate', when: 'Waktu / When', overlap: 'Tumpang tindih / Overlap',
  person: 'Orang (hash NIK) / Person (NIK hash)', noCheckout: 'tanpa check-out / no check-out', minutes: 'menit / min',
};

export function caseToPdf(c: CaseDetail, audit: { seq: number; at: number; by: string }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `${L.title} ${c.id}`, Author: 'Jejak, Dinas Kesehatan Kota Bogor' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const field = (label: string, value: string) => {
    doc.font('Helvetica-Bold').fontSize(9).text(label);
    doc.font('Helvetica').fontSize(11).text(value, { paragraphGap: 4 });
  };
  doc.font('Helvetica-Bold').fontSize(16).text(L.title);
  doc.moveDown(0.3).font('Helvetica-Oblique').fontSize(9).fillColor('#a00000').text(L.warning).fillColor('black').moveDown(0.8);
  field(L.caseId, c.id);
  field(L.officer, c.ownerName);
  field(L.opened, formatWib(c.openedAt));
  field(L.nik, c.nik);
  field(L.purpose, c.purpose);
  const basis = LEGAL_BASIS_LABELS[c.legalBasisCategory];
  field(L.basis, `${basis.id} / ${basis.en}: ${c.legalBasis}`);
  field(L.window, formatWibSpan(c.window.from, c.window.to));

  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(13).text(`${L.visits} (${c.visits.length})`);
  if (c.visits.length === 0) doc.font('Helvetica').fontSize(10).text(L.none);
  for (const v of c.visits) {
    doc.font('Helvetica').fontSize(10).text(`• ${formatWibSpan(v.from, v.to)}${v.checkedOut ? '' : ` (${L.noCheckout})`}: ${v.venueName ?? v.venueId}, ${L.gate} ${v.gateId}`);
  }
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(13).text(`${L.contacts} (${c.contacts.length})`);
  if (c.contacts.length === 0) doc.font('Helvetica').fontSize(10).text(L.none);
  for (const k of c.contacts) {
    doc.font('Helvetica').fontSize(10).text(`• ${formatWibSpan(k.from, k.to)}: ${k.venueName ?? k.venueId}, ${L.overlap} ${k.overlapMinutes} ${L.minutes}; ${L.person} ${k.nikHash}`);
  }
  doc.moveDown(1).font('Helvetica-Oblique').fontSize(8).fillColor('#555555')
    .text(`Diekspor / Exported ${formatWib(audit.at)} oleh / by ${audit.by}; log audit / audit log #${audit.seq}`);
  doc.end();
  return done;
}
