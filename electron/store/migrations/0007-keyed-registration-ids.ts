// The registration id is printed on every QR pass. Stored in clear next to the NIK hash it let anyone
// holding a pass and the database file (no key needed) join registrations → risk_entries and visits:
// the person's health status and visit history. From this step the id is kept only
//  - keyed (HMAC under the data key, see FieldCipher.keyedId) where it must be found by equality
//    (registrations.registration_id: uniqueness, the server's reassignment, local → city ack), and
//  - sealed where it must be read back (registrations.registration_id_enc, visits.registration_id_enc);
// the visit outbox payload carries the keyed form (the server never receives the id).
import type { Migration } from './types';

export const REGISTRATION_ID_PURPOSE = 'registrations.registration_id';
export const registrationIdAad = (nikHex: string): string => `registrations.registration_id:${nikHex}`;
export const visitRegistrationIdAad = (visitId: string): string => `visits.registration_id:${visitId}`;

export const migration0007: Migration = {
  version: 7,
  name: 'keyed-registration-ids',
  up(db, keys) {
    if (!keys) throw new Error('migration 7 rewrites registration ids under the data key: it needs the key');
    const { cipher } = keys;
    db.exec('ALTER TABLE registrations ADD COLUMN registration_id_enc BLOB');
    db.exec('ALTER TABLE visits ADD COLUMN registration_id_enc BLOB');
    const regs = db.prepare('SELECT nik_hash, registration_id FROM registrations').all() as { nik_hash: Buffer; registration_id: string }[];
    const setReg = db.prepare('UPDATE registrations SET registration_id = ?, registration_id_enc = ? WHERE nik_hash = ?');
    for (const r of regs) {
      setReg.run(cipher.keyedId(r.registration_id, REGISTRATION_ID_PURPOSE), cipher.sealText(r.registration_id, registrationIdAad(r.nik_hash.toString('hex'))), r.nik_hash);
    }
    const visits = db.prepare('SELECT id, registration_id FROM visits WHERE registration_id IS NOT NULL').all() as { id: string; registration_id: string }[];
    const setVisit = db.prepare('UPDATE visits SET registration_id = NULL, registration_id_enc = ? WHERE id = ?');
    for (const v of visits) setVisit.run(cipher.sealText(v.registration_id, visitRegistrationIdAad(v.id)), v.id);
    const outbox = db.prepare("SELECT visit_id, payload FROM visit_outbox WHERE payload LIKE '%registrationId%'").all() as { visit_id: string; payload: string }[];
    const setPayload = db.prepare('UPDATE visit_outbox SET payload = ? WHERE visit_id = ?');
    for (const o of outbox) {
      const p = JSON.parse(o.payload) as { registrationId?: string | null };
      if (typeof p.registrationId !== 'string') continue;
      p.registrationId = cipher.keyedId(p.registrationId, REGISTRATION_ID_PURPOSE);
      setPayload.run(JSON.stringify(p), o.visit_id);
    }
  },
};
