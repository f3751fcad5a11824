// Machine-readable reason codes of the /v1 API, each with the message a person reads (Bahasa Indonesia
// first, English second). Clients branch on `code`; the message is for logs and staff screens.
import type { Bilingual } from '../bilingual';

export const REASONS = {
  // Device authentication (401)
  sig_missing: { id: 'Permintaan tidak bertanda tangan perangkat', en: 'The request carries no device signature' },
  sig_malformed: { id: 'Tanda tangan perangkat tidak dapat dibaca', en: 'The device signature headers are malformed' },
  sig_invalid: { id: 'Tanda tangan perangkat tidak sah', en: 'The device signature does not verify' },
  digest_missing: { id: 'Content-Digest tidak ada atau tidak ditandatangani', en: 'Content-Digest is missing or not covered by the signature' },
  digest_mismatch: { id: 'Isi permintaan tidak cocok dengan Content-Digest', en: 'The body does not match its Content-Digest' },
  device_unknown: { id: 'Perangkat tidak dikenal', en: 'Unknown device' },
  device_revoked: { id: 'Perangkat telah dicabut', en: 'This device has been revoked' },
  nonce_replayed: { id: 'Permintaan ini sudah pernah diterima (nonce dipakai ulang)', en: 'Replayed request (nonce already used)' },
  clock_skew: { id: 'Jam perangkat berbeda lebih dari 5 menit dari server', en: 'The signature time is more than 5 minutes off the server clock' },
  admin_unauthorized: { id: 'Token admin salah atau tidak ada', en: 'Missing or wrong admin token' },
  // Enrolment
  enrol_code_unknown: { id: 'Kode pendaftaran tidak dikenal', en: 'Unknown enrolment code' },
  enrol_code_expired: { id: 'Kode pendaftaran sudah kedaluwarsa', en: 'The enrolment code has expired' },
  enrol_code_used: { id: 'Kode pendaftaran sudah dipakai', en: 'The enrolment code has already been used' },
  device_key_in_use: { id: 'Kunci publik perangkat sudah terdaftar', en: 'This device public key is already enrolled' },
  // Generic request problems
  invalid_body: { id: 'Isi permintaan tidak valid', en: 'The request body is invalid' },
  invalid_query: { id: 'Parameter permintaan tidak valid', en: 'The query parameters are invalid' },
  invalid_json: { id: 'Isi permintaan bukan JSON yang valid', en: 'The request body is not valid JSON' },
  unsupported_media_type: { id: 'Jenis konten tidak didukung', en: 'Unsupported content type' },
  body_too_large: { id: 'Isi permintaan terlalu besar', en: 'The request body is too large' },
  batch_too_large: { id: 'Terlalu banyak item dalam satu kiriman', en: 'Too many items in one batch' },
  rate_limited: { id: 'Terlalu banyak permintaan, coba lagi nanti', en: 'Too many requests, retry later' },
  not_found: { id: 'Tidak ditemukan', en: 'Not found' },
  internal_error: { id: 'Kesalahan server', en: 'Internal server error' },
  unavailable: { id: 'Server sedang tidak tersedia', en: 'The server is unavailable' },
  // Risk list
  risk_chunk_not_found: { id: 'Potongan daftar risiko tidak ditemukan', en: 'Risk list chunk not found' },
  // Registrations
  registration_not_found: { id: 'Orang ini belum terdaftar', en: 'This person is not registered' },
  nik_invalid: { id: 'NIK tidak valid', en: 'The NIK is invalid' },
  template_invalid: { id: 'Templat wajah tidak valid', en: 'The face template is invalid' },
  // Per-item answers (visits, alerts, pending registrations)
  invalid_item: { id: 'Data tidak valid', en: 'The item is invalid' },
  venue_mismatch: { id: 'Kunjungan bukan untuk tempat perangkat ini', en: 'The item is for another venue than this device' },
  gate_unknown: { id: 'Gerbang tidak dikenal di tempat ini', en: 'Unknown gate for this venue' },
  id_conflict: { id: 'ID sama dengan isi berbeda; disimpan terpisah', en: 'Same id with a different body; kept aside' },
  // Residents' self-service (/daftar/, /saya/); selfie_* say what the face engine's quality gate saw
  consent_required: { id: 'Persetujuan diperlukan untuk mendaftar', en: 'Consent is required to register' },
  name_invalid: { id: 'Nama wajib diisi (maks. 100 huruf)', en: 'A name is required (max 100 characters)' },
  selfie_no_face: { id: 'Wajah tidak terlihat. Hadapkan wajah ke kamera.', en: 'No face seen. Face the camera.' },
  selfie_multiple_faces: { id: 'Satu orang saja di depan kamera.', en: 'One person at a time.' },
  selfie_too_small: { id: 'Mendekatlah ke kamera.', en: 'Come closer to the camera.' },
  selfie_not_frontal: { id: 'Lihat lurus ke kamera.', en: 'Look straight at the camera.' },
  selfie_too_dark: { id: 'Terlalu gelap. Cari tempat yang lebih terang.', en: 'Too dark. Move to a brighter spot.' },
  selfie_too_bright: { id: 'Terlalu terang. Hindari cahaya langsung ke wajah.', en: 'Too bright. Avoid direct light on your face.' },
  selfie_blurred: { id: 'Gambar buram. Diam sebentar.', en: 'Image is blurred. Hold still for a moment.' },
  selfie_unreadable: { id: 'Foto tidak dapat dibaca (JPEG atau PNG)', en: 'The photo cannot be read (JPEG or PNG)' },
  identity_not_proven: {
    id: 'Identitas tidak dapat dipastikan: pass/NIK dan wajah tidak cocok dengan pendaftaran mana pun',
    en: 'Identity not proven: the pass/NIK and the face do not match any registration',
  },
  liveness_failed: { id: 'Wajah tidak dapat dipastikan hadir langsung. Gunakan kamera, bukan foto.', en: 'Could not confirm a live face. Use the camera, not a photo.' },
  qr_unreadable: { id: 'QR pass tidak terbaca atau bukan pass Jejak yang sah', en: 'The QR pass cannot be read or is not a valid Jejak pass' },
  resident_session_invalid: { id: 'Sesi berakhir; buktikan identitas Anda lagi', en: 'The session has ended; prove your identity again' },
  registration_unknown: { id: 'Pendaftaran tidak dikenal', en: 'Unknown registration' },
  // City console
  console_unauthenticated: { id: 'Silakan masuk terlebih dahulu', en: 'Please log in first' },
  console_session_expired: { id: 'Sesi berakhir; silakan masuk lagi', en: 'The session has ended; please log in again' },
  console_forbidden: { id: 'Peran Anda tidak boleh membuka ini', en: 'Your role may not open this' },
  csrf_invalid: { id: 'Token CSRF tidak ada atau salah; muat ulang halaman', en: 'Missing or wrong CSRF token; reload the page' },
  login_failed: { id: 'Nama pengguna, kata sandi atau kode salah', en: 'Wrong username, password or code' },
  login_locked: { id: 'Terlalu banyak percobaan gagal; coba lagi nanti', en: 'Too many failed attempts; try again later' },
  totp_required: { id: 'Masukkan kode 6 digit dari aplikasi autentikator', en: 'Enter the 6-digit code from your authenticator app' },
  api_key_invalid: { id: 'Kunci API salah atau dicabut', en: 'Wrong or revoked API key' },
  username_taken: { id: 'Nama pengguna sudah dipakai', en: 'This username is already taken' },
  api_key_name_taken: { id: 'Nama kunci API sudah dipakai', en: 'This API key name is already taken' },
  agency_exists: { id: 'Instansi dengan ID ini sudah ada', en: 'An agency with this id already exists' },
  agency_unknown: { id: 'Instansi tidak dikenal', en: 'Unknown agency' },
  venue_unknown: { id: 'Tempat tidak dikenal', en: 'Unknown venue' },
  user_unknown: { id: 'Akun tidak dikenal', en: 'Unknown account' },
  api_key_unknown: { id: 'Kunci API tidak dikenal atau sudah dicabut', en: 'Unknown or already revoked API key' },
  role_needs_agency: { id: 'Peran ini harus terikat pada instansi', en: 'This role needs an agency' },
  role_needs_venues: { id: 'Pengelola tempat harus punya minimal satu tempat', en: 'A venue manager needs at least one venue' },
  policy_outside_limits: { id: 'Aturan ini lebih longgar dari batas yang ditetapkan kota; tidak ada yang diubah', en: 'This policy is laxer than the city allows; nothing was changed' },
  policy_version_conflict: { id: 'Aturan tempat sudah diubah orang lain; muat ulang lalu ulangi. Tidak ada yang diubah', en: 'Someone else changed the venue policy; reload and try again. Nothing was changed' },
  alert_unknown: { id: 'Peringatan tidak dikenal', en: 'Unknown alert' },
  // one answer for an unknown, disabled, non-health or other agency's account: a health officer learns
  // nothing about accounts outside its own agency's list (GET /v1/console/alerts/officers)
  assignee_not_officer: {
    id: 'Peringatan hanya dapat ditugaskan ke petugas kesehatan yang aktif di instansi Anda sendiri; tidak ada yang diubah',
    en: 'An alert can only be assigned to an active health officer of your own agency; nothing was changed',
  },
  risk_csv_invalid: { id: 'Berkas daftar risiko berisi baris yang salah; tidak ada yang diubah', en: 'The risk list file has bad lines; nothing was changed' },
  risk_preview_mismatch: { id: 'Berkas ini bukan berkas yang dipratinjau; pratinjau lagi', en: 'This is not the file that was previewed; preview it again' },
  risk_list_changed: { id: 'Daftar risiko berubah sejak pratinjau; pratinjau lagi', en: 'The risk list changed since the preview; preview it again' },
  case_unknown: { id: 'Kasus tidak dikenal', en: 'Unknown case' },
  case_closed: { id: 'Kasus sudah ditutup; datanya tidak dapat dibuka lagi', en: 'The case is closed; its data can no longer be opened' },
  review_unknown: { id: 'Pendaftaran tertahan tidak dikenal', en: 'Unknown held registration' },
  review_resolved: { id: 'Pendaftaran ini sudah diputuskan petugas lain', en: 'This registration has already been decided by another officer' },
  registration_already_verified: { id: 'Pendaftaran ini sudah terverifikasi', en: 'This registration is already verified' },
  last_city_admin: { id: 'Admin kota terakhir tidak boleh dinonaktifkan atau diganti perannya', en: 'The last city admin cannot be disabled or given another role' },
} as const satisfies Record<string, Bilingual>;

export type ReasonCode = keyof typeof REASONS;

export const REASON_CODES = Object.keys(REASONS) as [ReasonCode, ...ReasonCode[]];

export function reasonMessage(code: ReasonCode): Bilingual {
  return REASONS[code];
}
