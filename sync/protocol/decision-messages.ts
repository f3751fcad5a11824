// Every sentence the gate decision can show. Public messages (the visitor's screen, read by anyone
// standing nearby) never name a medical status; staff messages (the officer's screen) name the reason.
import type { Bilingual } from './bilingual';
import { bilingual } from './bilingual';

export const PUBLIC_MESSAGES = {
  admit: bilingual('Silakan masuk', 'Please enter'),
  seeOfficer: bilingual('Mohon temui petugas', 'Please see the officer'),
  venueFull: bilingual('Mohon maaf, tempat sedang penuh. Silakan coba lagi nanti', 'Sorry, the venue is full. Please try again later'),
} as const satisfies Record<string, Bilingual>;

const fmtDistance = (d: number): string => (Number.isFinite(d) ? d.toFixed(2) : '?');
const fmtHours = (h: number): string => String(Math.floor(h));

export const STAFF_MESSAGES = {
  cleared: () => bilingual('Boleh masuk', 'Cleared to enter'),
  inputInvalid: (what: string) => bilingual(`RUJUK: data keputusan tidak valid (${what}). Periksa perangkat`, `REFER: invalid decision input (${what}). Check the device`),
  livenessFailed: () => bilingual('TOLAK: uji keaslian wajah gagal (mungkin foto, layar atau topeng). Periksa KTP secara langsung', 'DENY: liveness check failed (possibly a photo, screen or mask). Check the ID card in person'),
  noIdentity: () => bilingual('RUJUK: belum ada QR atau NIK yang terbaca', 'REFER: no QR code or NIK was read'),
  notRegistered: () => bilingual('RUJUK: NIK belum terdaftar di Jejak. Bantu pendaftaran atau periksa manual', 'REFER: this NIK is not registered with Jejak. Help them register or check manually'),
  faceMismatch: (distance: number) => bilingual(`TOLAK: wajah tidak cocok dengan foto terdaftar untuk identitas ini (jarak ${fmtDistance(distance)}). Periksa KTP`, `DENY: the face does not match the registered photo for this identity (distance ${fmtDistance(distance)}). Check the ID card`),
  engineUnavailable: () => bilingual('RUJUK: pemeriksaan wajah tidak berfungsi. Periksa KTP secara manual lalu putuskan ulang', 'REFER: the face check is not working. Verify the ID card manually, then decide again'),
  noFaceTemplate: () => bilingual('RUJUK: belum ada foto wajah terdaftar di perangkat ini untuk identitas ini. Periksa KTP', 'REFER: this device has no registered face for this identity. Verify the ID card'),
  faceNotChecked: () => bilingual('RUJUK: wajah belum diperiksa, padahal kebijakan mewajibkannya', 'REFER: the face was not checked, but the policy requires it'),
  livenessNotChecked: () => bilingual('RUJUK: uji keaslian wajah tidak dijalankan, padahal kebijakan mewajibkannya', 'REFER: liveness was not checked, but the policy requires it'),
  riskConfirmed: (until: string) => bilingual(`TOLAK: terkonfirmasi positif COVID-19 (berlaku s.d. ${until}). Sarankan isolasi, jangan izinkan masuk`, `DENY: confirmed COVID-19 positive (valid until ${until}). Advise isolation; do not admit`),
  riskSuspect: (until: string) => bilingual(`TOLAK: suspek COVID-19 (berlaku s.d. ${until}). Sarankan pemeriksaan, jangan izinkan masuk`, `DENY: COVID-19 suspect (valid until ${until}). Advise testing; do not admit`),
  riskCloseContact: (until: string, deny: boolean) =>
    deny
      ? bilingual(`TOLAK: kontak erat kasus COVID-19 (berlaku s.d. ${until}). Sarankan karantina`, `DENY: close contact of a COVID-19 case (valid until ${until}). Advise quarantine`)
      : bilingual(`RUJUK: kontak erat kasus COVID-19 (berlaku s.d. ${until}). Putuskan sesuai kebijakan tempat`, `REFER: close contact of a COVID-19 case (valid until ${until}). Decide per venue policy`),
  venueFull: (occupancy: number, capacity: number) => bilingual(`TOLAK: kapasitas penuh (${occupancy}/${capacity})`, `DENY: venue at capacity (${occupancy}/${capacity})`),
  riskListMissing: () => bilingual('RUJUK: belum ada daftar risiko di perangkat ini; status pengunjung tidak dapat diperiksa', 'REFER: no risk list on this device; the visitor\'s status cannot be checked'),
  riskListStale: (ageHours: number, hardHours: number, admit: boolean) =>
    admit
      ? bilingual(`Boleh masuk, tetapi daftar risiko sudah ${fmtHours(ageHours)} jam tidak diperbarui (batas ${hardHours} jam). Segera sinkronkan`, `Cleared, but the risk list is ${fmtHours(ageHours)} h old (limit ${hardHours} h). Sync soon`)
      : bilingual(`RUJUK: daftar risiko sudah ${fmtHours(ageHours)} jam tidak diperbarui (batas ${hardHours} jam). Periksa status secara manual`, `REFER: the risk list is ${fmtHours(ageHours)} h old (limit ${hardHours} h). Check the status manually`),
} as const;

/** Notes appended to a staff message for warnings that do not change the outcome. */
export const STAFF_NOTES = {
  RISK_LIST_AGING: (ageHours: number) => bilingual(`daftar risiko berumur ${fmtHours(ageHours)} jam`, `risk list is ${fmtHours(ageHours)} h old`),
  RISK_LIST_FROM_FUTURE: () => bilingual('daftar risiko bertanggal di masa depan: periksa jam perangkat', 'risk list is dated in the future: check the device clock'),
  IDENTITY_UNVERIFIED: () => bilingual('identitas tidak diverifikasi dengan wajah', 'identity not verified by face'),
  OFFICER_VERIFIED: () => bilingual('identitas diverifikasi petugas', 'identity verified by the officer'),
} as const;
