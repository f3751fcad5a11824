// On-the-spot registration of a visitor without the app. The person can pass at this kiosk at once
// (a local registration with the selfie's template); the NIK, name and selfie JPEG the server needs
// wait sealed in pending_registrations and are deleted as soon as the server has them.
import type { AuditLog } from './audit';
import { badInput, blobToHash, isoToMs, msToIso } from './codec';
import type { StoreContext } from './context';
import { nowMs } from './context';
import type { DeviceConfigRepo } from './device-config';
import { registrationIdAad } from './migrations/0007-keyed-registration-ids';
import { checkTemplate, nameAad, type RegistrationsRepo } from './registrations';
import type { LocalRegistrationInput, PendingRegistration } from './types';

const aad = (column: string, id: string): string => `pending_registrations.${column}:${id}`;
const LOCAL_ID_PREFIX = 'local:';

interface PendingRow {
  id: string;
  nik_hash: Buffer;
  nik_enc: Buffer;
  display_name_enc: Buffer;
  template_model_id: string;
  template_enc: Buffer;
  selfie_jpeg_enc: Buffer;
  consent_at: number;
  created_at: number;
  attempts: number;
}

export class LocalRegistrations {
  constructor(
    private readonly ctx: StoreContext,
    private readonly config: DeviceConfigRepo,
    private readonly registrations: RegistrationsRepo,
    private readonly audit: AuditLog,
  ) {}

  queue(input: LocalRegistrationInput): { id: string; nikHash: string } {
    const nikHex = this.config.hashNik(input.nik);
    if (typeof input.displayName !== 'string' || input.displayName.trim().length === 0) throw badInput({ id: 'nama wajib diisi', en: 'name is required' });
    checkTemplate(input.template);
    if (!Buffer.isBuffer(input.selfieJpeg) || input.selfieJpeg.length === 0) throw badInput({ id: 'swafoto JPEG wajib ada', en: 'selfie JPEG is required' });
    const consentAt = isoToMs(input.consentAt, 'consentAt');
    if (typeof input.actor !== 'string' || input.actor.length === 0) throw badInput({ id: 'id petugas wajib diisi', en: 'staff id is required' });

    const { db, cipher } = this.ctx;
    const now = nowMs(this.ctx);
    const id = this.ctx.newId();
    const key = Buffer.from(nikHex, 'hex');
    db.transaction(() => {
      // an already registered person keeps their registration; they gain this selfie's template
      db.prepare(
        `INSERT INTO registrations (nik_hash, registration_id, registration_id_enc, display_name_enc, origin, updated_at) VALUES (?, ?, ?, ?, 'local', ?)
         ON CONFLICT (nik_hash) DO NOTHING`,
      ).run(key, this.registrations.keyedRegistrationId(LOCAL_ID_PREFIX + id), cipher.sealText(LOCAL_ID_PREFIX + id, registrationIdAad(nikHex)), cipher.sealText(input.displayName, nameAad(nikHex)), now);
      this.registrations.insertKioskTemplate(key, input.template.modelId, input.template.vector, 'local');
      db.prepare(
        `INSERT INTO pending_registrations (id, nik_hash, nik_enc, display_name_enc, template_model_id, template_enc, selfie_jpeg_enc, consent_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        key,
        cipher.sealText(input.nik, aad('nik', id)),
        cipher.sealText(input.displayName, aad('display_name', id)),
        input.template.modelId,
        cipher.sealVector(input.template.vector, aad('template', id)),
        cipher.seal(input.selfieJpeg, aad('selfie_jpeg', id)),
        consentAt,
        now,
      );
      this.audit.append({ actor: input.actor, action: 'registration.local', target: id });
    }).immediate();
    return { id, nikHash: nikHex };
  }

  next(limit: number): PendingRegistration[] {
    const { cipher } = this.ctx;
    const rows = this.ctx.db.prepare('SELECT * FROM pending_registrations ORDER BY created_at, rowid LIMIT ?').all(limit) as PendingRow[];
    return rows.map((r) => ({
      id: r.id,
      nik: cipher.openText(r.nik_enc, aad('nik', r.id)),
      nikHash: blobToHash(r.nik_hash),
      displayName: cipher.openText(r.display_name_enc, aad('display_name', r.id)),
      template: { modelId: r.template_model_id, vector: cipher.openVector(r.template_enc, aad('template', r.id)) },
      selfieJpeg: cipher.open(r.selfie_jpeg_enc, aad('selfie_jpeg', r.id)),
      consentAt: msToIso(r.consent_at),
      createdAt: msToIso(r.created_at),
      attempts: r.attempts,
    }));
  }

  ack(id: string, registrationId: string): void {
    if (typeof registrationId !== 'string' || registrationId.length === 0) throw badInput({ id: 'registrationId wajib diisi', en: 'registrationId is required' });
    const { db } = this.ctx;
    db.transaction(() => {
      const row = db.prepare('SELECT nik_hash FROM pending_registrations WHERE id = ?').get(id) as { nik_hash: Buffer } | undefined;
      if (!row) return;
      const keyed = (rid: string) => this.registrations.keyedRegistrationId(rid);
      db.prepare('UPDATE registrations SET registration_id = ?, registration_id_enc = ?, updated_at = ? WHERE nik_hash = ? AND registration_id = ?')
        .run(keyed(registrationId), this.ctx.cipher.sealText(registrationId, registrationIdAad(row.nik_hash.toString('hex'))), nowMs(this.ctx), row.nik_hash, keyed(LOCAL_ID_PREFIX + id));
      db.prepare('DELETE FROM pending_registrations WHERE id = ?').run(id);
    }).immediate();
  }

  /** the server refused it: keep only the reason (no personal data), drop the data and the local registration */
  reject(id: string, reason: string): boolean {
    const { db } = this.ctx;
    return db.transaction(() => {
      const row = db.prepare('SELECT nik_hash FROM pending_registrations WHERE id = ?').get(id) as { nik_hash: Buffer } | undefined;
      if (!row) return false;
      db.prepare("INSERT INTO dead_letter (kind, ref_id, payload, reason, dead_at) VALUES ('registration', ?, ?, ?, ?)")
        .run(id, JSON.stringify({ id }), String(reason), nowMs(this.ctx));
      db.prepare('DELETE FROM registrations WHERE nik_hash = ? AND registration_id = ?').run(row.nik_hash, this.registrations.keyedRegistrationId(LOCAL_ID_PREFIX + id));
      db.prepare('DELETE FROM pending_registrations WHERE id = ?').run(id);
      return true;
    }).immediate();
  }

  markAttempt(id: string): void {
    this.ctx.db.prepare('UPDATE pending_registrations SET attempts = attempts + 1 WHERE id = ?').run(id);
  }

  count(): number {
    return (this.ctx.db.prepare('SELECT count(*) AS n FROM pending_registrations').get() as { n: number }).n;
  }
}

export { LOCAL_ID_PREFIX };
