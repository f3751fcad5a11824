// Registered people cached on the kiosk: keyed by NIK hash, with the display name and face templates
// sealed. Server templates are replaced on each feed update of the person; templates captured at this
// kiosk (origin 'kiosk') are kept, at most MAX_KIOSK_TEMPLATES per person (oldest dropped first).
import type { Statement } from 'better-sqlite3';
import { badInput, blobToHash, hashToBlob, msToIso } from './codec';
import type { StoreContext } from './context';
import { nowMs } from './context';
import { REGISTRATION_ID_PURPOSE, registrationIdAad } from './migrations/0007-keyed-registration-ids';
import type { FaceTemplate, FaceTemplateInput, Registration, RegistrationInput, TemplateSource } from './types';

export const MAX_KIOSK_TEMPLATES = 5;
const SOURCES: readonly TemplateSource[] = ['registration', 'visit', 'local'];
const CURSOR_KEY = 'registrations_cursor';

export const nameAad = (nikHex: string): string => `registrations.display_name:${nikHex}`;
export const templateAad = (nikHex: string, templateId: string): string => `face_templates.template:${nikHex}:${templateId}`;

interface RegRow {
  nik_hash: Buffer;
  /** keyed (FieldCipher.keyedId): a QR pass's id finds no row without the data key */
  registration_id: string;
  registration_id_enc: Buffer;
  display_name_enc: Buffer;
  origin: 'server' | 'local';
  updated_at: number;
  verified: number;
}
interface TemplateRow {
  template_id: string;
  model_id: string;
  source: TemplateSource;
  origin: 'server' | 'kiosk';
  template_enc: Buffer;
  created_at: number;
}

export function checkTemplate(t: { modelId: string; vector: Float32Array }, source?: TemplateSource): void {
  if (typeof t.modelId !== 'string' || t.modelId.length === 0) throw badInput({ id: 'modelId templat wajib diisi', en: 'template modelId is required' });
  if (!(t.vector instanceof Float32Array) || t.vector.length === 0) throw badInput({ id: 'vektor templat harus Float32Array yang tidak kosong', en: 'template vector must be a non-empty Float32Array' });
  if (source !== undefined && !SOURCES.includes(source)) throw badInput({ id: 'sumber templat harus registration, visit atau local', en: 'template source must be registration, visit or local' });
}

export class RegistrationsRepo {
  private readonly getStmt: Statement<[Buffer], RegRow>;
  private readonly templatesStmt: Statement<[Buffer], TemplateRow>;
  private readonly insertTemplateStmt: Statement<[string, Buffer, string, string, string, Buffer, number]>;

  constructor(private readonly ctx: StoreContext) {
    const { db } = ctx;
    this.getStmt = db.prepare('SELECT * FROM registrations WHERE nik_hash = ?');
    this.templatesStmt = db.prepare('SELECT template_id, model_id, source, origin, template_enc, created_at FROM face_templates WHERE nik_hash = ? ORDER BY created_at, rowid');
    this.insertTemplateStmt = db.prepare('INSERT INTO face_templates (template_id, nik_hash, model_id, source, origin, template_enc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  upsert(registrations: RegistrationInput[], cursor?: string): void {
    for (const r of registrations) {
      hashToBlob(r.nikHash);
      if (typeof r.registrationId !== 'string' || r.registrationId.length === 0) throw badInput({ id: 'registrationId wajib diisi', en: 'registrationId is required' });
      if (typeof r.displayName !== 'string') throw badInput({ id: 'displayName harus teks', en: 'displayName must be text' });
      for (const t of r.templates ?? []) checkTemplate(t, t.source);
    }
    const { db, cipher } = this.ctx;
    const upsertReg = db.prepare(
      `INSERT INTO registrations (nik_hash, registration_id, registration_id_enc, display_name_enc, origin, updated_at, verified) VALUES (?, ?, ?, ?, 'server', ?, ?)
       ON CONFLICT (nik_hash) DO UPDATE SET registration_id = excluded.registration_id, registration_id_enc = excluded.registration_id_enc,
         display_name_enc = excluded.display_name_enc, origin = 'server', updated_at = excluded.updated_at, verified = excluded.verified`,
    );
    const dropServerTemplates = db.prepare("DELETE FROM face_templates WHERE nik_hash = ? AND origin = 'server'");
    // the server is authoritative for which person holds a registration id: a stale holder goes
    const dropStaleHolder = db.prepare('DELETE FROM registrations WHERE registration_id = ? AND nik_hash <> ?');
    const now = nowMs(this.ctx);
    db.transaction(() => {
      for (const r of registrations) {
        const key = hashToBlob(r.nikHash);
        const hex = key.toString('hex');
        const keyed = this.keyedRegistrationId(r.registrationId);
        dropStaleHolder.run(keyed, key);
        upsertReg.run(key, keyed, cipher.sealText(r.registrationId, registrationIdAad(hex)), cipher.sealText(r.displayName, nameAad(hex)), now, r.verified === false ? 0 : 1);
        dropServerTemplates.run(key);
        for (const t of r.templates ?? []) {
          const id = this.ctx.newId();
          this.insertTemplateStmt.run(id, key, t.modelId, t.source, 'server', cipher.sealVector(t.vector, templateAad(hex, id)), now);
        }
      }
      if (cursor !== undefined) this.setCursor(cursor);
    }).immediate();
  }

  /** the form registration ids are stored and matched in */
  keyedRegistrationId(registrationId: string): string {
    return this.ctx.cipher.keyedId(registrationId, REGISTRATION_ID_PURPOSE);
  }

  remove(nikHashes: string[], cursor?: string): number {
    const keys = nikHashes.map(hashToBlob);
    const del = this.ctx.db.prepare('DELETE FROM registrations WHERE nik_hash = ?');
    return this.ctx.db.transaction(() => {
      let n = 0;
      for (const k of keys) n += del.run(k).changes;
      if (cursor !== undefined) this.setCursor(cursor);
      return n;
    }).immediate();
  }

  cursor(): string | null {
    const row = this.ctx.db.prepare('SELECT value FROM sync_state WHERE key = ?').get(CURSOR_KEY) as { value: string } | undefined;
    return row?.value ?? null;
  }

  private setCursor(cursor: string): void {
    this.ctx.db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(CURSOR_KEY, cursor);
  }

  get(nikHash: string): Registration | null {
    const key = hashToBlob(nikHash);
    const row = this.getStmt.get(key);
    if (!row) return null;
    const hex = key.toString('hex');
    const { cipher } = this.ctx;
    const templates: FaceTemplate[] = this.templatesStmt.all(key).map((t) => ({
      templateId: t.template_id,
      modelId: t.model_id,
      source: t.source,
      origin: t.origin,
      vector: cipher.openVector(t.template_enc, templateAad(hex, t.template_id)),
      createdAt: msToIso(t.created_at),
    }));
    return {
      nikHash: blobToHash(row.nik_hash),
      registrationId: cipher.openText(row.registration_id_enc, registrationIdAad(hex)),
      displayName: cipher.openText(row.display_name_enc, nameAad(hex)),
      templates,
      origin: row.origin,
      updatedAt: msToIso(row.updated_at),
      verified: row.verified !== 0,
    };
  }

  /** Adds a template captured at this kiosk (e.g. a confirmed visit). Returns its id. */
  addTemplate(nikHash: string, template: FaceTemplateInput): string {
    checkTemplate(template, template.source);
    const key = hashToBlob(nikHash);
    const { db } = this.ctx;
    return db.transaction(() => {
      if (!this.getStmt.get(key)) throw badInput({ id: 'tidak ada registrasi untuk nikHash ini', en: 'no registration for this nikHash' });
      return this.insertKioskTemplate(key, template.modelId, template.vector, template.source);
    }).immediate();
  }

  /** inside a transaction: insert, then trim the person's kiosk templates to the newest MAX_KIOSK_TEMPLATES */
  insertKioskTemplate(key: Buffer, modelId: string, vector: Float32Array, source: TemplateSource): string {
    const now = nowMs(this.ctx);
    const id = this.ctx.newId();
    this.insertTemplateStmt.run(id, key, modelId, source, 'kiosk', this.ctx.cipher.sealVector(vector, templateAad(key.toString('hex'), id)), now);
    this.ctx.db
      .prepare(
        `DELETE FROM face_templates WHERE nik_hash = ? AND origin = 'kiosk' AND template_id NOT IN (
           SELECT template_id FROM face_templates WHERE nik_hash = ? AND origin = 'kiosk' ORDER BY created_at DESC, rowid DESC LIMIT ?)`,
      )
      .run(key, key, MAX_KIOSK_TEMPLATES);
    return id;
  }

  count(): number {
    return (this.ctx.db.prepare('SELECT count(*) AS n FROM registrations').get() as { n: number }).n;
  }
}
