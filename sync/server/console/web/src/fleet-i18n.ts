// Words of the venue, kiosk and policy pages, Bahasa Indonesia first.
import type { Bi } from './i18n';

export const F = {
  manage: { id: 'Kelola tempat', en: 'Manage venue' },
  back: { id: '← Kembali ke daftar tempat', en: '← Back to the venues' },
  entriesPerHour: { id: 'Kunjungan per jam', en: 'Visits per hour' },
  date: { id: 'Tanggal', en: 'Date' },
  hour: { id: 'Jam (WIB)', en: 'Hour (WIB)' },
  admitted: { id: 'Diterima', en: 'Admitted' },
  denied: { id: 'Ditolak', en: 'Denied' },
  referred: { id: 'Dirujuk ke petugas', en: 'Referred to staff' },
  chartSummary: { id: 'Grafik batang kunjungan per jam pada {date}: {a} diterima, {d} ditolak, {r} dirujuk; jam tersibuk {peak}.00', en: 'Bar chart of visits per hour on {date}: {a} admitted, {d} denied, {r} referred; busiest hour {peak}:00' },
  asTable: { id: 'Lihat sebagai tabel', en: 'Show as a table' },
  policy: { id: 'Aturan masuk tempat', en: 'Venue entry policy' },
  policyVersion: { id: 'Versi {v}, terbit {at} oleh {by}', en: 'Version {v}, issued {at} by {by}' },
  policyDefault: { id: 'Belum ada aturan khusus: kios memakai aturan dasar kota (versi 0).', en: 'No policy issued yet: kiosks use the city baseline (version 0).' },
  policyLimited: { id: 'tidak boleh lebih longgar dari aturan dasar kota', en: 'may not be laxer than the city baseline' },
  policyReadOnly: { id: 'Peran Anda hanya boleh melihat aturan ini.', en: 'Your role may only view this policy.' },
  policySave: { id: 'Terbitkan versi baru', en: 'Issue a new version' },
  policySaved: { id: 'Versi {v} diterbitkan dan ditandatangani; kios menerimanya pada detak berikutnya.', en: 'Version {v} issued and signed; kiosks receive it with their next heartbeat.' },
  kioskPolicy: { id: 'Versi aturan di kios', en: 'Policy version on kiosks' },
  upToDate: { id: 'terbaru', en: 'current' },
  behind: { id: 'belum menerima', en: 'not received yet' },
  yes: { id: 'Ya', en: 'Yes' },
  no: { id: 'Tidak', en: 'No' },
  devices: { id: 'Kios', en: 'Kiosks' },
  noDevices: { id: 'Belum ada kios terdaftar di tempat ini.', en: 'No kiosk is enrolled at this venue yet.' },
  gate: { id: 'Gerbang', en: 'Gate' },
  status: { id: 'Status', en: 'Status' },
  lastHeartbeat: { id: 'Detak terakhir', en: 'Last heartbeat' },
  riskAge: { id: 'Umur daftar risiko', en: 'Risk list age' },
  outbox: { id: 'Antrean kirim', en: 'Outbox' },
  appVersion: { id: 'Versi aplikasi', en: 'App version' },
  history: { id: 'Riwayat', en: 'History' },
  revoke: { id: 'Cabut', en: 'Revoke' },
  revokeConfirm: { id: 'Cabut kios {name}? Kios ini langsung tidak diterima server lagi.', en: 'Revoke kiosk {name}? The server refuses it from its very next request.' },
  revoked: { id: 'dicabut', en: 'revoked' },
  gates: { id: 'Gerbang & pendaftaran kios', en: 'Gates & kiosk enrolment' },
  issueCode: { id: 'Buat kode pendaftaran', en: 'Issue an enrolment code' },
  sheetTitle: { id: 'Lembar pendaftaran kios Jejak', en: 'Jejak kiosk enrolment sheet' },
  sheetOnce: { id: 'Kode ini hanya ditampilkan sekali dan hanya berlaku untuk satu kios. Cetak atau catat sekarang.', en: 'This code is shown once and enrols one kiosk only. Print or note it now.' },
  sheetVenue: { id: 'Tempat', en: 'Venue' },
  sheetServer: { id: 'Alamat server', en: 'Server address' },
  sheetCode: { id: 'Kode pendaftaran', en: 'Enrolment code' },
  sheetExpires: { id: 'Berlaku sampai', en: 'Valid until' },
  sheetSteps: { id: 'Langkah: nyalakan kios → layar Penyiapan → isi alamat server dan kode ini → tetapkan PIN admin → Daftarkan.', en: 'Steps: start the kiosk → Setup screen → enter the server address and this code → set the admin PIN → Enrol.' },
  print: { id: 'Cetak lembar ini', en: 'Print this sheet' },
  close: { id: 'Tutup', en: 'Close' },
  deviceTitle: { id: 'Kios {name}', en: 'Kiosk {name}' },
  events: { id: 'Riwayat perangkat (log audit)', en: 'Device history (audit log)' },
  noEvents: { id: 'Belum ada kejadian.', en: 'No events yet.' },
  when: { id: 'Waktu', en: 'When' },
  event: { id: 'Kejadian', en: 'Event' },
  by: { id: 'Oleh', en: 'By' },
  detail: { id: 'Rincian', en: 'Details' },
  enrolledAt: { id: 'Terdaftar', en: 'Enrolled' },
  lastSync: { id: 'Sinkron terakhir', en: 'Last sync' },
  deadLetters: { id: 'Ditolak server', en: 'Rejected by server' },
  problems: { id: 'Masalah', en: 'Problems' },
  none: { id: 'tidak ada', en: 'none' },
} satisfies Record<string, Bi>;

/** Fills {name} placeholders. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}

/** Device history actions as people read them. */
export const EVENT_LABELS: Record<string, Bi> = {
  'device.enrol': { id: 'Kios didaftarkan', en: 'Kiosk enrolled' },
  'device.policy_applied': { id: 'Kios memakai versi aturan baru', en: 'Kiosk applied a new policy version' },
  'device.revoke': { id: 'Kios dicabut', en: 'Kiosk revoked' },
};

/** A kiosk's health as the fleet list states it (admin.fleet: status and English problem lines). */
export const KIOSK_STATUS: Record<'ok' | 'stale' | 'silent' | 'never_seen' | 'revoked', Bi> = {
  ok: { id: 'berfungsi', en: 'working' },
  stale: { id: 'perlu perhatian', en: 'needs attention' },
  silent: { id: 'tidak ada kabar', en: 'silent' },
  never_seen: { id: 'belum pernah terhubung', en: 'never connected' },
  revoked: { id: 'dicabut', en: 'revoked' },
};

/**
 * The server's problem lines (sync/server/admin.ts fleet(), shared with the CLI) in both languages; a
 * line not known here is shown as the server wrote it rather than hidden.
 */
const PROBLEMS: Array<[RegExp, (m: RegExpExecArray) => Bi]> = [
  [/^silent for (\d+) min$/, (m) => ({ id: `tidak ada kabar selama ${m[1]} menit`, en: m[0] })],
  [/^no risk list$/, (m) => ({ id: 'belum punya daftar risiko', en: m[0] })],
  [/^risk list (\d+) h old$/, (m) => ({ id: `daftar risiko berumur ${m[1]} jam`, en: m[0] })],
  [/^risk list version (\d+) < (\d+)$/, (m) => ({ id: `daftar risiko versi ${m[1]}, terbaru ${m[2]}`, en: m[0] })],
  [/^clock off by (-?\d+) s$/, (m) => ({ id: `jam kios meleset ${m[1]} detik`, en: m[0] })],
  [/^(\d+) dead-letter records$/, (m) => ({ id: `${m[1]} catatan ditolak server`, en: m[0] })],
];
export function problemWords(line: string): Bi {
  for (const [re, words] of PROBLEMS) {
    const m = re.exec(line);
    if (m) return words(m);
  }
  return { id: line, en: line };
}

/** "perlu perhatian (belum punya daftar risiko; …)" */
export function kioskHealthText(status: keyof typeof KIOSK_STATUS, problems: readonly string[], t: (b: Bi) => string): string {
  return `${t(KIOSK_STATUS[status])}${problems.length ? ` (${problems.map((p) => t(problemWords(p))).join('; ')})` : ''}`;
}
