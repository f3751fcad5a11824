// Residents' self-service (issue 12): register yourself (an unverified registration until an officer
// sees the KTP), get your pass, prove who you are with the pass or NIK plus a live face, see what is
// held about you, correct your name and erase it. One face, one NIK: every registration is searched
// against all others (an HNSW index, face-index-hnsw.ts) and a face already registered under another NIK is held for review.
//
// What a caller learns is the same whether a NIK is registered or not until a face has matched it:
// a NIK taken by another face and a face registered under another NIK both answer "review"; a failed
// proof at /saya/ is `identity_not_proven` for an unknown NIK and for the wrong face alike.
import { randomUUID } from 'node:crypto';
import type { Bilingual } from '../../protocol/bilingual';
import { nikHash as hashNik } from '../../protocol/crypto';
import { parseNik } from '../../protocol/nik';
import { issueCredential, verifyCredential } from '../../protocol/qr-credential';
import { openName, sealName } from '../../protocol/api/registration-name';
import type { FaceTemplate } from '../../protocol/api/common';
import { RESIDENT_CONSENT_VERSION } from '../../protocol/api/residents';
import type { ResidentData, ResidentProofRequest, SelfRegistrationRequest, SelfRegistrationResponse } from '../../protocol/api/residents';
import type { ReviewQueue } from '../../protocol/api/console-reviews';
import type { ReasonCode } from '../../protocol/api/reasons';
import type { Clock } from '../../protocol/clock';
import type { ServerConfig } from '../config';
import { ApiError } from '../http/errors';
import { RateLimiter } from '../http/rate-limit';
import type { CityKeys } from '../keys';
import { openJson, sealJson } from '../sealing';
import type { AuditEntryInput, RegistrationRow, ServerStore, VisitRow } from '../store/types';
import type { TemplateExtractor } from '../templates';
import { DEDUPE_THRESHOLD } from './dedupe-threshold';
import type { FaceSearchIndex } from './face-index';
import { createFaceIndex } from './face-index-hnsw';
import { passCardPdf, qrPng } from './pass-card';
import { openSession, sealSession, SESSION_TTL_MS } from './session';
import { cosineDistance, decodeTemplateVector } from './vectors';
import { formatWibDate } from '../../protocol/wib-time';

export { DEDUPE_THRESHOLD };
/** Same person re-registering (new phone, new photo): the gate's 1:1 threshold. */
export const REREGISTRATION_THRESHOLD = 0.65;
/** What /saya/ shows of visits. */
export const VISIT_WINDOW_DAYS = 14;

const MAX_IMAGE_BYTES = 1_500_000;

export const REVIEW_MESSAGE: Bilingual = {
  id: 'Pendaftaran Anda perlu diperiksa petugas. Datanglah ke petugas di pintu masuk dengan KTP Anda; belum ada pass yang diterbitkan.',
  en: 'Your registration needs an officer\'s check. Please see the officer at an entrance with your KTP (ID card); no pass has been issued yet.',
};

export interface ResidentsDeps {
  store: ServerStore;
  keys: CityKeys;
  clock: Clock;
  config: ServerConfig;
  extractor: () => TemplateExtractor;
}

export interface Actor {
  kind: AuditEntryInput['actorKind'];
  id: string | null;
  name: string | null;
  role: string | null;
}

function decodeImage(b64: string, field: string): Buffer {
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length > MAX_IMAGE_BYTES) throw new ApiError(413, 'body_too_large', [{ path: field, message: `at most ${MAX_IMAGE_BYTES} bytes` }]);
  return bytes;
}

function qualityReason(code: string): ReasonCode {
  const map: Record<string, ReasonCode> = {
    NO_FACE: 'selfie_no_face', MULTIPLE_FACES: 'selfie_multiple_faces', TOO_SMALL: 'selfie_too_small', NOT_FRONTAL: 'selfie_not_frontal',
    TOO_DARK: 'selfie_too_dark', TOO_BRIGHT: 'selfie_too_bright', BLURRED: 'selfie_blurred',
  };
  return map[code] ?? 'selfie_unreadable';
}


export class ResidentsService {
  readonly index: FaceSearchIndex;
  private readonly byAddress: RateLimiter;
  private readonly byNik: RateLimiter;
  private readonly proofByNik: RateLimiter;

  constructor(private readonly deps: ResidentsDeps, index?: FaceSearchIndex) {
    // HNSW (usearch); the exact scan where its native binary cannot load
    this.index = index ?? createFaceIndex();
    const c = deps.config;
    // Registering and proving cost a face-engine run each: a phone gets a handful an hour, a NIK fewer.
    this.byAddress = new RateLimiter(deps.clock, c.residentRatePerHourPerAddress / 3600, Math.max(1, c.residentRatePerHourPerAddress));
    this.byNik = new RateLimiter(deps.clock, c.residentRatePerHourPerNik / 3600, Math.max(1, c.residentRatePerHourPerNik));
    this.proofByNik = new RateLimiter(deps.clock, c.residentRatePerHourPerNik / 3600, Math.max(1, c.residentRatePerHourPerNik));
  }

  private indexedSeq = 0;

  /**
   * Brings the duplicate index up to the registrations table: at start every live registration, then
   * whatever changed since (a write bumps the row's seq), also when another process (the CLI, a second
   * server on the same PostgreSQL) wrote it. Runs before every search.
   */
  async catchUp(): Promise<number> {
    for (;;) {
      const rows = await this.deps.store.listAllRegistrations(this.indexedSeq, 1000);
      for (const r of rows) this.track(r);
      if (rows.length > 0) this.indexedSeq = rows.at(-1)!.seq;
      if (rows.length < 1000) break;
    }
    return this.index.size;
  }

  /** Keeps the index in step with a registration just written (by anyone: CLI, kiosk review, residents). */
  track(r: RegistrationRow): void {
    if (r.revoked) {
      this.index.remove(r.rid);
      return;
    }
    this.index.setTemplates(r.rid, r.nikHash, openJson<FaceTemplate[]>(this.deps.keys.dataKey, r.templates));
  }

  private limit(limiter: RateLimiter, key: string): void {
    const wait = limiter.take(key);
    if (wait > 0) throw new ApiError(429, 'rate_limited', undefined, { 'retry-after': String(wait) });
  }

  private async audit(actor: Actor, action: string, target: string | null, address: string | null, details: Record<string, unknown> = {}): Promise<void> {
    await this.deps.store.appendAudit({
      at: this.deps.clock.now().getTime(), actorKind: actor.kind, actorId: actor.id, actorName: actor.name, actorRole: actor.role, action, target, purpose: null, address, details,
    });
  }

  /** The nearest registration under another NIK closer than DEDUPE_THRESHOLD, if any. */
  duplicateOf(vector: Float32Array, ownNikHash: string): { rid: string; distance: number } | null {
    const hit = this.index.search(vector, 5).find((h) => h.nikHash !== ownNikHash && h.distance < DEDUPE_THRESHOLD);
    return hit ? { rid: hit.rid, distance: hit.distance } : null;
  }

  async register(req: SelfRegistrationRequest, address: string): Promise<SelfRegistrationResponse> {
    const { store, keys, clock } = this.deps;
    this.limit(this.byAddress, address);
    const nik = parseNik(req.nik);
    if (!nik.ok) throw new ApiError(400, 'nik_invalid', [{ path: 'nik', message: `${nik.error.message.id} / ${nik.error.message.en}` }]);
    if (req.consent.textVersion !== RESIDENT_CONSENT_VERSION) throw new ApiError(400, 'consent_required', [{ path: 'consent.textVersion', message: `expected ${RESIDENT_CONSENT_VERSION}` }]);
    const selfie = decodeImage(req.selfie, 'selfie');
    const nikHash = hashNik(keys.nikHashKey, nik.value.nik);
    this.limit(this.byNik, nikHash);
    const t = await this.deps.extractor().enrolFromImage(selfie);
    // A refused selfie stores nothing.
    if (!t.ok) throw new ApiError(422, qualityReason(t.quality.code), [{ path: 'selfie', message: `${t.quality.message.id} / ${t.quality.message.en}` }]);
    const vector = decodeTemplateVector(t.template.vector);
    const now = clock.now().getTime();
    const resident: Actor = { kind: 'resident', id: null, name: null, role: null };
    const nameSealed = sealName(keys.nikHashKey, nik.value.nik, req.name);
    const contactSealed = req.contact ? sealJson(keys.dataKey, req.contact) : null;

    const hold = async (reason: 'duplicate_face' | 'reregistration_mismatch', matchedRid: string | null, distance: number | null): Promise<SelfRegistrationResponse> => {
      const id = randomUUID();
      await store.addRegistrationReview({
        id, nikHash, region: nik.value.regency, nameSealed, template: sealJson(keys.dataKey, t.template), contactSealed, reason, matchedRid, distance,
        consentTextVersion: req.consent.textVersion, createdAt: now, resolvedAt: null, resolution: null,
      });
      await this.audit(resident, 'resident.register.held', `review:${id}`, address, { reason, matchedRid });
      return { status: 'review', message: REVIEW_MESSAGE };
    };

    const existing = await store.getRegistrationByNikHash(nikHash);
    const live = existing && !existing.revoked ? existing : null;
    if (live) {
      // A stranger must not take over a NIK: the new selfie has to match the registered face.
      const old = openJson<FaceTemplate[]>(keys.dataKey, live.templates);
      const best = Math.min(Infinity, ...old.filter((o) => o.model === t.template.model).map((o) => cosineDistance(vector, decodeTemplateVector(o.vector))));
      if (!(best < REREGISTRATION_THRESHOLD)) return hold('reregistration_mismatch', live.rid, Number.isFinite(best) ? best : null);
    }
    await this.catchUp();
    const dup = this.duplicateOf(vector, nikHash);
    if (dup) return hold('duplicate_face', dup.rid, dup.distance);

    const row = await store.upsertRegistration({
      rid: existing?.rid ?? `r_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
      nikHash, region: nik.value.regency, nameSealed, templates: sealJson(keys.dataKey, [t.template]), revoked: false,
      source: live ? live.source : 'self', updatedAt: now,
      // the same person with a new photo keeps an officer's earlier check
      verified: live ? live.verified : false, verifiedAt: live?.verifiedAt ?? null, verifiedBy: live?.verifiedBy ?? null,
      contactSealed,
    });
    this.track(row);
    await this.audit({ ...resident, id: row.rid }, live ? 'resident.reregister' : 'resident.register', `registration:${row.rid}`, address, { verified: row.verified });
    return { status: 'registered', rid: row.rid, verified: row.verified, pass: await this.pass(row, nik.value.nik, req.name) };
  }

  private async pass(row: RegistrationRow, nik: string, name: string): Promise<{ token: string; png: string; pdf: string; expiresAt: string }> {
    const iat = Math.floor(this.deps.clock.now().getTime() / 1000);
    const exp = iat + this.deps.config.qrValidityDays * 86_400;
    const token = issueCredential({ nik, name, rid: row.rid, iat, exp }, this.deps.keys.activeSigningKey());
    const png = await qrPng(token);
    const pdf = await passCardPdf(token, { name, rid: row.rid, validUntil: formatWibDate(exp * 1000), verified: row.verified });
    return { token, png: png.toString('base64'), pdf: pdf.toString('base64'), expiresAt: new Date(exp * 1000).toISOString() };
  }

  private async tokenFromImage(b64: string): Promise<string> {
    const { readBarcodes } = await import('zxing-wasm/reader');
    const bytes = decodeImage(b64, 'passImage');
    const found = await readBarcodes(new Blob([new Uint8Array(bytes)]), { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 }).catch(() => []);
    const text = found[0]?.text;
    if (!text) throw new ApiError(400, 'qr_unreadable', [{ path: 'passImage', message: 'no QR code found' }]);
    return text;
  }

  /** The pass (text or image) or the NIK, plus live frames: a session for /saya/. */
  async prove(req: ResidentProofRequest, address: string): Promise<{ session: string; expiresAt: string }> {
    const { store, keys, clock } = this.deps;
    this.limit(this.byAddress, address);
    let nikText: string;
    if (req.nik !== undefined) nikText = req.nik;
    else {
      const token = req.passToken ?? (await this.tokenFromImage(req.passImage!));
      const publicKeys = Object.fromEntries(keys.publicKeys().map((k) => [k.keyId, k.publicKey]));
      const c = verifyCredential(token, { keys: publicKeys, now: clock.now() });
      if (!c.ok) throw new ApiError(400, 'qr_unreadable', [{ path: 'passToken', message: c.error.code }]);
      nikText = c.credential.nik;
    }
    const nik = parseNik(nikText);
    if (!nik.ok) throw new ApiError(400, 'nik_invalid', [{ path: 'nik', message: `${nik.error.message.id} / ${nik.error.message.en}` }]);
    const nikHash = hashNik(keys.nikHashKey, nik.value.nik);
    this.limit(this.proofByNik, nikHash);
    const frames = req.frames.map((f, i) => decodeImage(f, `frames.${i}`));
    const reg = await store.getRegistrationByNikHash(nikHash);
    const live = reg && !reg.revoked ? reg : null;
    const templates = live ? openJson<FaceTemplate[]>(keys.dataKey, live.templates) : [];
    const extractor = this.deps.extractor();
    if (!extractor.verifyLive) throw new ApiError(503, 'unavailable');
    // Without a registration the frames are still checked (against a template nobody has): the same
    // work and the same answers, so timing and liveness messages do not tell whether the NIK is known.
    const r = await extractor.verifyLive(frames, 125, templates);
    const fail = async (code: ReasonCode, detail: string) => {
      await this.audit({ kind: 'resident', id: null, name: null, role: null }, 'resident.prove.fail', null, address, { code });
      throw new ApiError(code === 'liveness_failed' ? 422 : 401, code, [{ path: 'frames', message: detail }]);
    };
    // The engine's words for a presentation attack or a still face tell a kiosk visitor to see the staff;
    // a resident at home reads the page's own reason ("use the camera, not a photo"). What they can fix
    // (too few frames, the blink not seen, a quality problem) keeps the engine's specific guidance.
    const attack = r.problem?.code === 'PASSIVE_SPOOF' || r.problem?.code === 'NO_MOTION';
    if (!r.livenessPassed) return fail('liveness_failed', r.problem && !attack ? `${r.problem.message.id} / ${r.problem.message.en}` : `liveness: ${r.problem?.code ?? 'failed'}`);
    if (!live || !r.accepted) return fail('identity_not_proven', 'no match');
    const exp = clock.now().getTime() + SESSION_TTL_MS;
    await this.audit({ kind: 'resident', id: live.rid, name: null, role: null }, 'resident.prove', `registration:${live.rid}`, address, { via: req.nik !== undefined ? 'nik' : 'pass' });
    return { session: sealSession(keys.dataKey, { rid: live.rid, nik: nik.value.nik, registeredAt: live.registeredAt, exp }), expiresAt: new Date(exp).toISOString() };
  }

  private async sessionRow(token: string | undefined): Promise<{ row: RegistrationRow; nik: string }> {
    const s = token ? openSession(this.deps.keys.dataKey, token, this.deps.clock.now().getTime()) : null;
    if (!s) throw new ApiError(401, 'resident_session_invalid');
    const row = await this.deps.store.getRegistrationByRid(s.rid);
    if (!row || row.revoked || row.registeredAt !== s.registeredAt) throw new ApiError(401, 'resident_session_invalid');
    return { row, nik: s.nik };
  }

  async data(token: string | undefined, address: string): Promise<ResidentData> {
    const { store, keys, clock } = this.deps;
    const { row, nik } = await this.sessionRow(token);
    const now = clock.now().getTime();
    const traced = await store.trace({ nikHash: row.nikHash, from: now - VISIT_WINDOW_DAYS * 86_400_000, to: now, marginMs: 0, dwellMs: 0, outcomes: [] });
    const venues = new Map((await store.listVenues()).map((v) => [v.id, v.name]));
    await this.audit({ kind: 'resident', id: row.rid, name: null, role: null }, 'resident.view', `registration:${row.rid}`, address, { visits: traced.visits.length });
    return {
      rid: row.rid,
      name: openName(keys.nikHashKey, nik, row.nameSealed) ?? '',
      contact: row.contactSealed ? openJson<string>(keys.dataKey, row.contactSealed) : null,
      registeredAt: new Date(row.registeredAt).toISOString(),
      verified: row.verified,
      source: row.source,
      visits: traced.visits.toReversed().map((v) => ({
        at: new Date(v.from).toISOString(), venueName: venues.get(v.venueId) ?? v.venueId, outcome: v.outcome as 'ADMIT',
        checkedOutAt: v.checkedOut ? new Date(v.to).toISOString() : null,
      })),
      visitRetentionDays: this.deps.config.retentionDays,
    };
  }

  async rename(token: string | undefined, name: string, address: string): Promise<void> {
    const { row, nik } = await this.sessionRow(token);
    const updated = await this.deps.store.upsertRegistration({ ...row, nameSealed: sealName(this.deps.keys.nikHashKey, nik, name), updatedAt: this.deps.clock.now().getTime() });
    this.track(updated);
    await this.audit({ kind: 'resident', id: row.rid, name: null, role: null }, 'resident.rename', `registration:${row.rid}`, address);
  }

  /**
   * Deletes the name, contact and face templates; the row stays as a tombstone (revoked, no templates)
   * so every kiosk drops the person at its next sync. Visits stay until the retention purge (tracing law).
   */
  async erase(token: string | undefined, address: string): Promise<{ erased: true; visitsPurgeAfterDays: number }> {
    const { store, keys, clock } = this.deps;
    const { row, nik } = await this.sessionRow(token);
    const erased = await store.upsertRegistration({
      rid: row.rid, nikHash: row.nikHash, region: row.region, nameSealed: sealName(keys.nikHashKey, nik, '-'), templates: sealJson(keys.dataKey, []),
      revoked: true, source: row.source, updatedAt: clock.now().getTime(), verified: false, contactSealed: null,
    });
    this.track(erased);
    await this.audit({ kind: 'resident', id: row.rid, name: null, role: null }, 'resident.erase', `registration:${row.rid}`, address);
    return { erased: true, visitsPurgeAfterDays: this.deps.config.retentionDays };
  }

  /**
   * An officer saw the KTP: the registration becomes verified here and, at their next sync, on every kiosk.
   * `reason`: the officer's words from the console (audited); kiosk overrides and the admin API give none.
   */
  async verify(rid: string, actor: Actor, address: string | null, reason?: string): Promise<RegistrationRow> {
    const row = await this.deps.store.getRegistrationByRid(rid);
    if (!row || row.revoked) throw new ApiError(404, 'registration_unknown');
    if (row.verified) {
      if (reason !== undefined) throw new ApiError(409, 'registration_already_verified');
      return row;
    }
    const now = this.deps.clock.now().getTime();
    const updated = await this.deps.store.upsertRegistration({ ...row, updatedAt: now, verified: true, verifiedAt: now, verifiedBy: actor.id });
    this.track(updated);
    await this.audit(actor, 'registration.verify', `registration:${rid}`, address, { source: row.source, ...(reason !== undefined ? { reason } : {}) });
    return updated;
  }

  /**
   * A guard's override to ADMIT with the reason ID_CHECKED at a kiosk, for a person whose registration is
   * unverified: the guard checked the KTP (the kiosk REFERs exactly to ask for that), so it becomes verified.
   */
  async verifyFromOverrides(rows: readonly VisitRow[]): Promise<number> {
    let n = 0;
    for (const v of rows) {
      if (v.outcome !== 'ADMIT' || v.overrideReason !== 'ID_CHECKED' || v.overrideStaffId === null || v.nikHash === null) continue;
      const reg = await this.deps.store.getRegistrationByNikHash(v.nikHash);
      if (!reg || reg.revoked || reg.verified) continue;
      await this.verify(reg.rid, { kind: 'device', id: v.deviceId, name: v.overrideStaffId, role: 'kiosk-staff' }, null);
      n++;
    }
    return n;
  }

  /** Registrations held for an officer (no names: they are sealed under the NIK). */
  async reviews(): Promise<Array<{ id: string; reason: string; matchedRid: string | null; distance: number | null; region: string; createdAt: string }>> {
    return (await this.deps.store.listRegistrationReviews()).map((r) => ({
      id: r.id, reason: r.reason, matchedRid: r.matchedRid, distance: r.distance, region: r.region, createdAt: new Date(r.createdAt).toISOString(),
    }));
  }

  /**
   * The console's review queue: held registrations (with what they collided with) and unverified ones.
   * No name (sealed under the NIK, which the server does not keep) and no face (only templates exist,
   * and they stay here). Viewing it is audited like any access to who registered.
   */
  async reviewQueue(actor: Actor, address: string | null): Promise<ReviewQueue> {
    const { store } = this.deps;
    const held = await store.listRegistrationReviews();
    const matched = new Map<string, RegistrationRow | null>();
    for (const r of held) if (r.matchedRid && !matched.has(r.matchedRid)) matched.set(r.matchedRid, await store.getRegistrationByRid(r.matchedRid));
    const unverified = await store.listUnverifiedRegistrations(500);
    await this.audit(actor, 'registration.review.list', null, address, { held: held.length, unverified: unverified.length });
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      held: held.map((r) => {
        const m = r.matchedRid ? matched.get(r.matchedRid) : null;
        return {
          id: r.id, reason: r.reason, region: r.region, createdAt: iso(r.createdAt), matchedRid: r.matchedRid, distance: r.distance,
          matched: m && !m.revoked ? { source: m.source, verified: m.verified, registeredAt: iso(m.registeredAt) } : null,
        };
      }),
      unverified: unverified.map((r) => ({ rid: r.rid, region: r.region, source: r.source, registeredAt: iso(r.registeredAt) })),
      dedupeThreshold: DEDUPE_THRESHOLD,
    };
  }

  /**
   * An officer decides a held registration with the person and the KTP in front of them. Approve: the held
   * face becomes the NIK's registration (a new one, or it replaces the old face of a re-registration),
   * verified, and the duplicate index and every kiosk follow; reject: nothing is registered. Both audited
   * with the reason. A review decided already answers 409 (two officers at once: the first one counts).
   */
  async decideReview(id: string, decision: 'approve' | 'reject', reason: string, actor: Actor, address: string | null): Promise<{ id: string; decision: 'approve' | 'reject'; resolvedAt: string; rid: string | null }> {
    const { store, keys, clock } = this.deps;
    const review = await store.getRegistrationReview(id.toLowerCase());
    if (!review) throw new ApiError(404, 'review_unknown');
    if (review.resolvedAt !== null) throw new ApiError(409, 'review_resolved');
    const now = clock.now().getTime();
    let rid: string | null = null;
    if (decision === 'approve') {
      const existing = await store.getRegistrationByNikHash(review.nikHash);
      const live = existing && !existing.revoked ? existing : null;
      const template = openJson<FaceTemplate>(keys.dataKey, review.template);
      const row = await store.upsertRegistration({
        rid: existing?.rid ?? `r_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
        nikHash: review.nikHash, region: review.region, nameSealed: review.nameSealed, templates: sealJson(keys.dataKey, [template]), revoked: false,
        source: live ? live.source : 'self', updatedAt: now, verified: true, verifiedAt: now, verifiedBy: actor.id, contactSealed: review.contactSealed,
      });
      this.track(row);
      rid = row.rid;
    }
    if (!(await store.resolveRegistrationReview(review.id, now, decision === 'approve' ? 'approved' : 'rejected'))) throw new ApiError(409, 'review_resolved');
    await this.audit(actor, `registration.review.${decision}`, `review:${review.id}`, address, { reason, reviewReason: review.reason, matchedRid: review.matchedRid, rid });
    return { id: review.id, decision, resolvedAt: new Date(now).toISOString(), rid };
  }
}
