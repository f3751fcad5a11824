// What the city's operators do: venues, gates, enrolment codes, revocation, risk list import,
// registering people, issuing QR credentials, tracing, alerts, fleet. Used by the CLI, the admin
// HTTP endpoints and tests.
import { randomBytes, randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import type { Bilingual } from '../protocol/bilingual';
import { nikHash, sha256Hex } from '../protocol/crypto';
import { parseNik } from '../protocol/nik';
import { issueCredential } from '../protocol/qr-credential';
import { openName, sealName } from '../protocol/api/registration-name';
import type { AlertRecord } from '../protocol/api/alerts';
import type { FleetDevice } from '../protocol/api/heartbeat';
import type { TraceResult } from '../protocol/api/trace';
import type { Clock } from '../protocol/clock';
import type { ServerConfig } from './config';
import type { CityKeys } from './keys';
import { parseRiskCsv } from './risk/csv';
import type { CsvLineError } from './risk/csv';
import { publishRiskList } from './risk/publisher';
import { currentRiskEntries } from './risk/current-list';
import type { PublishSummary } from './risk/publisher';
import type { RiskEntry } from '../protocol/risk-feed';
import type { GateRow, RegistrationRow, ServerStore, VenueRow } from './store/types';
import type { TemplateExtractor } from './templates';
import { openJson, sealJson } from './sealing';
import { ResidentsService } from './residents/service';
import { decodeTemplateVector } from './residents/vectors';
import { csvCell } from './csv-cell';
import type { FaceTemplate } from '../protocol/api/common';
import type { VenueCategory } from '../protocol/console/roles';

export class AdminError extends Error {
  constructor(readonly code: string, readonly bilingual: Bilingual, readonly details?: unknown) {
    super(`${code}: ${bilingual.en}`);
    this.name = 'AdminError';
  }
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Enrolment codes are typed by IT staff: case, spaces and dashes do not matter. */
export function normaliseEnrolmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}
export function enrolmentCodeHash(code: string): string {
  return sha256Hex(`jejak-enrol/1\n${normaliseEnrolmentCode(code)}`);
}

function slug(text: string): string {
  const s = text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return s || 'venue';
}

const MAX_TEMPLATES_PER_PERSON = 3;

/** What an operator reads when the face is already registered under another NIK (one face, one NIK). */
export const DUPLICATE_FACE_MESSAGE: Bilingual = {
  id: 'Wajah ini sudah terdaftar dengan NIK lain (duplicate_face); tidak ada yang disimpan. Jika memang orang yang berbeda (mis. kembar), daftarkan lewat /daftar/ dan putuskan di halaman Tinjauan konsol.',
  en: 'This face is already registered under another NIK (duplicate_face); nothing was stored. If they really are different people (e.g. twins), register through /daftar/ and decide it on the console\'s Reviews page.',
};

export class CityAdmin {
  constructor(
    readonly store: ServerStore,
    readonly keys: CityKeys,
    private readonly clock: Clock,
    readonly config: ServerConfig,
    private readonly extractor: () => TemplateExtractor,
  ) {}

  private residents: ResidentsService | null = null;

  /** The server process shares its residents' duplicate index (one index in memory, not two). */
  useResidents(residents: ResidentsService): void {
    this.residents = residents;
  }

  /**
   * The residents' duplicate check (one face, one NIK), for every registration path: kiosk uploads, the
   * CLI, approving a kiosk registration. The same NIK is never its own duplicate (re-registration).
   * The CLI builds the index from the database on first use.
   */
  async duplicateFace(template: FaceTemplate, ownNikHash: string): Promise<{ rid: string; distance: number } | null> {
    this.residents ??= new ResidentsService({ store: this.store, keys: this.keys, clock: this.clock, config: this.config, extractor: this.extractor });
    await this.residents.catchUp();
    return this.residents.duplicateOf(decodeTemplateVector(template.vector), ownNikHash);
  }

  async createVenue(v: { name: string; address: string; capacity: number; region?: string; dwellMinutes?: number; category?: VenueCategory; id?: string }): Promise<VenueRow> {
    if (!v.name.trim()) throw new AdminError('VENUE_NAME', { id: 'Nama tempat wajib diisi', en: 'The venue name is required' });
    if (!Number.isInteger(v.capacity) || v.capacity <= 0) throw new AdminError('VENUE_CAPACITY', { id: 'Kapasitas harus bilangan bulat positif', en: 'Capacity must be a positive whole number' });
    const region = v.region ?? '3271';
    if (!/^\d{4}$/.test(region)) throw new AdminError('VENUE_REGION', { id: 'Kode wilayah harus 4 digit (mis. 3271)', en: 'The region code must be 4 digits (e.g. 3271)' });
    const existing = new Set((await this.store.listVenues()).map((x) => x.id));
    let id = v.id ?? slug(v.name);
    for (let n = 2; existing.has(id); n++) id = `${slug(v.name)}-${n}`;
    const row: VenueRow = { id, name: v.name.trim(), address: v.address.trim(), capacity: v.capacity, region, dwellMinutes: v.dwellMinutes ?? 180, category: v.category ?? 'other', createdAt: this.clock.now().getTime() };
    await this.store.createVenue(row);
    return row;
  }

  async createGate(g: { venueId: string; name: string; direction?: GateRow['direction']; id?: string }): Promise<GateRow> {
    const venue = await this.store.getVenue(g.venueId);
    if (!venue) throw new AdminError('VENUE_UNKNOWN', { id: `Tempat ${g.venueId} tidak ada`, en: `No venue ${g.venueId}` });
    const taken = new Set((await this.store.listGates(g.venueId)).map((x) => x.id));
    let id = g.id ?? `${venue.id}-${slug(g.name)}`;
    for (let n = 2; taken.has(id) || (await this.store.getGate(id)); n++) id = `${venue.id}-${slug(g.name)}-${n}`;
    const row: GateRow = { id, venueId: venue.id, name: g.name.trim() || id, direction: g.direction ?? 'ENTRY' };
    await this.store.createGate(row);
    return row;
  }

  /** A one-time code bound to a venue+gate; shown once, stored only as a hash. */
  async createEnrolmentCode(gateId: string, ttlHours = this.config.enrolmentCodeTtlHours): Promise<{ code: string; expiresAt: number; venueId: string; gateId: string }> {
    const gate = await this.store.getGate(gateId);
    if (!gate) throw new AdminError('GATE_UNKNOWN', { id: `Gerbang ${gateId} tidak ada`, en: `No gate ${gateId}` });
    const bytes = randomBytes(12);
    const raw = [...bytes].map((b) => CROCKFORD[b & 31]).join('');
    const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
    const now = this.clock.now().getTime();
    const expiresAt = now + ttlHours * 3600_000;
    await this.store.createEnrolmentCode({ codeHash: enrolmentCodeHash(code), venueId: gate.venueId, gateId, createdAt: now, expiresAt });
    return { code, expiresAt, venueId: gate.venueId, gateId };
  }

  async revokeDevice(deviceId: string): Promise<void> {
    if (!(await this.store.revokeDevice(deviceId, this.clock.now().getTime()))) {
      throw new AdminError('DEVICE_UNKNOWN', { id: `Perangkat ${deviceId} tidak ada`, en: `No device ${deviceId}` });
    }
  }

  /** Validates the whole CSV first; publishes a new signed version only if every line is good. */
  async importRiskCsv(text: string, onProgress?: (line: string) => void): Promise<{ ok: true; summary: PublishSummary } | { ok: false; errors: CsvLineError[] }> {
    const parsed = parseRiskCsv(text, this.keys.nikHashKey, { onProgress: onProgress ? (d, t) => onProgress(`checked ${d}/${t} lines`) : undefined });
    if (!parsed.ok) return { ok: false, errors: parsed.errors };
    return { ok: true, summary: await this.publishRiskEntries(parsed.entries, onProgress) };
  }

  /** Publishes already validated entries as the next signed version (the CLI and the console both come here). */
  publishRiskEntries(entries: RiskEntry[], onProgress?: (line: string) => void): Promise<PublishSummary> {
    return publishRiskList(this.store, entries, {
      listId: this.config.riskListId, now: this.clock.now().getTime(), key: this.keys.activeSigningKey(), chunkEntries: this.config.riskChunkEntries,
      manifestTtlMs: this.config.riskManifestTtlDays * 86_400_000, keepDeltaVersions: this.config.riskKeepDeltaVersions, onProgress,
    });
  }

  /**
   * Publishes the current list again as a new signed version (same entries): after a server upgrade that
   * changed the feed format, or a key rotation, without asking Dinkes for the file again.
   */
  async republishRisk(onProgress?: (line: string) => void): Promise<PublishSummary> {
    if (!(await this.store.latestRiskVersion(this.config.riskListId))) {
      throw new AdminError('RISK_LIST_NONE', { id: 'Belum ada daftar risiko untuk diterbitkan ulang; impor dulu (import-risk)', en: 'No risk list to republish yet; import one first (import-risk)' });
    }
    const entries = await currentRiskEntries(this.store, this.config.riskListId);
    return publishRiskList(this.store, entries, {
      listId: this.config.riskListId, now: this.clock.now().getTime(), key: this.keys.activeSigningKey(), chunkEntries: this.config.riskChunkEntries,
      manifestTtlMs: this.config.riskManifestTtlDays * 86_400_000, keepDeltaVersions: this.config.riskKeepDeltaVersions, onProgress,
    });
  }

  private parseNikOrThrow(nik: string): { nik: string; region: string } {
    const p = parseNik(nik);
    if (!p.ok) throw new AdminError(p.error.code, p.error.message);
    return { nik: p.value.nik, region: p.value.regency };
  }

  /** Registers (or adds a template to) a person from a selfie; a poor selfie is refused with the reason. */
  /**
   * `allowDuplicateFace`: the operator has seen both KTPs and the people (twins) and registers a face that is
   * already registered under another NIK anyway; audited with the registration it matched.
   */
  async registerPerson(p: { nik: string; name: string; selfie: Uint8Array; allowDuplicateFace?: boolean }, onProgress?: (line: string) => void): Promise<RegistrationRow & { templateCount: number; duplicateOf: string | null }> {
    // NIK and name are checked before the face engine loads (seconds): a typo is refused at once.
    const { nik, region } = this.parseNikOrThrow(p.nik);
    const name = p.name.trim();
    if (!name || name.length > 100) throw new AdminError('NAME', { id: 'Nama wajib diisi (maks. 100 huruf)', en: 'A name is required (max 100 characters)' });
    onProgress?.('loading the face engine and reading the selfie');
    const t = await this.extractor().enrolFromImage(p.selfie);
    if (!t.ok) throw new AdminError(`SELFIE_${t.quality.code}`, t.quality.message);
    const hash = nikHash(this.keys.nikHashKey, nik);
    // The operator is present, so refuse rather than hold: nothing is stored, the reason is named.
    const dup = await this.duplicateFace(t.template, hash);
    if (dup && !p.allowDuplicateFace) throw new AdminError('DUPLICATE_FACE', DUPLICATE_FACE_MESSAGE);
    const existing = await this.store.getRegistrationByNikHash(hash);
    const previous = existing ? openJson<FaceTemplate[]>(this.keys.dataKey, existing.templates) : [];
    const templates = [...previous.filter((x) => x.model === t.template.model), t.template].slice(-MAX_TEMPLATES_PER_PERSON);
    const row = await this.store.upsertRegistration({
      rid: existing?.rid ?? `r_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
      nikHash: hash, region, nameSealed: sealName(this.keys.nikHashKey, nik, name), templates: sealJson(this.keys.dataKey, templates), revoked: false, source: 'city', updatedAt: this.clock.now().getTime(),
    });
    if (dup) {
      const now = this.clock.now().getTime();
      await this.store.appendAudit({
        at: now, actorKind: 'cli', actorId: null, actorName: null, actorRole: null, action: 'registration.duplicate_face_allowed', target: `registration:${row.rid}`, purpose: null, address: null,
        details: { matchedRid: dup.rid, distance: dup.distance },
      });
    }
    return { ...row, templateCount: templates.length, duplicateOf: dup?.rid ?? null };
  }

  /** The signed QR credential of a registered person, as the token text and a PNG or SVG image. */
  async issueQr(nikInput: string, format: 'png' | 'svg' = 'png'): Promise<{ token: string; image: Buffer; rid: string; expiresAt: number }> {
    const { nik } = this.parseNikOrThrow(nikInput);
    const reg = await this.store.getRegistrationByNikHash(nikHash(this.keys.nikHashKey, nik));
    if (!reg || reg.revoked) throw new AdminError('NOT_REGISTERED', { id: 'Orang ini belum terdaftar', en: 'This person is not registered' });
    const name = openName(this.keys.nikHashKey, nik, reg.nameSealed);
    if (name === null) throw new AdminError('NAME_SEAL', { id: 'Nama terdaftar tidak dapat dibuka', en: 'The registered name cannot be opened' });
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const exp = iat + this.config.qrValidityDays * 86_400;
    const token = issueCredential({ nik, name, rid: reg.rid, iat, exp }, this.keys.activeSigningKey());
    const image = format === 'svg'
      ? Buffer.from(await QRCode.toString(token, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }), 'utf8')
      : await QRCode.toBuffer(token, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
    return { token, image, rid: reg.rid, expiresAt: exp * 1000 };
  }

  /** Registrations made at kiosks, waiting for review (no names: they are sealed under the NIK). */
  async pendingRegistrations(): Promise<Array<{ id: string; deviceId: string; region: string; receivedAt: number; alreadyRegistered: boolean }>> {
    const out = [];
    for (const p of await this.store.listPendingRegistrations()) {
      out.push({ id: p.id, deviceId: p.deviceId, region: p.region, receivedAt: p.receivedAt, alreadyRegistered: (await this.store.getRegistrationByNikHash(p.nikHash)) !== null });
    }
    return out;
  }

  /** Makes a kiosk registration a city registration (its template joins the person's templates). */
  async approvePending(id: string): Promise<RegistrationRow> {
    const p = (await this.store.listPendingRegistrations()).find((x) => x.id === id);
    if (!p) throw new AdminError('PENDING_UNKNOWN', { id: `Pendaftaran ${id} tidak ada`, en: `No pending registration ${id}` });
    const template = openJson<FaceTemplate>(this.keys.dataKey, p.template);
    // checked at upload too; again here for a face registered under another NIK since then
    if (await this.duplicateFace(template, p.nikHash)) throw new AdminError('DUPLICATE_FACE', DUPLICATE_FACE_MESSAGE);
    const existing = await this.store.getRegistrationByNikHash(p.nikHash);
    const previous = existing ? openJson<FaceTemplate[]>(this.keys.dataKey, existing.templates) : [];
    const templates = [...previous.filter((x) => x.model === template.model), template].slice(-MAX_TEMPLATES_PER_PERSON);
    return this.store.upsertRegistration({
      rid: existing?.rid ?? `r_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
      nikHash: p.nikHash, region: p.region, nameSealed: existing?.nameSealed ?? p.nameSealed, templates: sealJson(this.keys.dataKey, templates),
      revoked: false, source: existing?.source ?? 'kiosk', updatedAt: this.clock.now().getTime(),
    });
  }

  async trace(q: { nik: string; from?: number; to?: number; marginMinutes?: number; dwellMinutes?: number }): Promise<TraceResult> {
    const { nik } = this.parseNikOrThrow(q.nik);
    const to = q.to ?? this.clock.now().getTime();
    const from = q.from ?? to - this.config.traceWindowDays * 86_400_000;
    if (from > to) throw new AdminError('WINDOW', { id: 'Awal periode setelah akhirnya', en: 'The window starts after it ends' });
    const marginMinutes = q.marginMinutes ?? this.config.traceMarginMinutes;
    const dwellMinutes = q.dwellMinutes ?? this.config.traceDwellMinutes;
    const hash = nikHash(this.keys.nikHashKey, nik);
    const rows = await this.store.trace({ nikHash: hash, from, to, marginMs: marginMinutes * 60_000, dwellMs: dwellMinutes * 60_000, outcomes: ['ADMIT'] });
    const venueNames = new Map((await this.store.listVenues()).map((v) => [v.id, v.name]));
    const iso = (t: number) => new Date(t).toISOString();
    const byId = new Map(rows.visits.map((v) => [v.visitId, v]));
    return {
      nikHash: hash,
      window: { from: iso(from), to: iso(to) },
      marginMinutes,
      dwellMinutes,
      visits: rows.visits.map((v) => ({ visitId: v.visitId, venueId: v.venueId, venueName: venueNames.get(v.venueId) ?? null, gateId: v.gateId, from: iso(v.from), to: iso(v.to), checkedOut: v.checkedOut, outcome: v.outcome })),
      contacts: rows.contacts.map((c) => {
        const idx = byId.get(c.overlapsVisitId)!;
        const overlap = Math.max(0, Math.min(c.to, idx.to) - Math.max(c.from, idx.from)) / 60_000;
        return {
          visitId: c.visitId, venueId: c.venueId, venueName: venueNames.get(c.venueId) ?? null, gateId: c.gateId, from: iso(c.from), to: iso(c.to),
          checkedOut: c.checkedOut, outcome: c.outcome, nikHash: c.nikHash, overlapsVisitId: c.overlapsVisitId, overlapMinutes: Math.round(overlap * 10) / 10,
        };
      }),
    };
  }

  async alerts(since = 0, limit = 1000): Promise<AlertRecord[]> {
    const venueNames = new Map((await this.store.listVenues()).map((v) => [v.id, v.name]));
    return (await this.store.listAlerts(since, limit)).map((a) => ({
      id: a.id, visitId: a.visitId, venueId: a.venueId, gateId: a.gateId, occurredAt: new Date(a.occurredAt).toISOString(), nikHash: a.nikHash,
      riskStatus: a.riskStatus, outcome: 'DENY' as const, riskListVersion: a.riskListVersion, deviceId: a.deviceId,
      receivedAt: new Date(a.receivedAt).toISOString(), venueName: venueNames.get(a.venueId) ?? null,
    }));
  }

  /**
   * Kiosks with their health. `venues`: only the kiosks of these venues (a console page scoped to its
   * jurisdiction or to one venue), named from the rows given; without it, the whole city's fleet.
   */
  async fleet(venues?: readonly VenueRow[]): Promise<FleetDevice[]> {
    const now = this.clock.now().getTime();
    const names = new Map((venues ?? (await this.store.listVenues())).map((v) => [v.id, v.name]));
    const latest = (await this.store.latestRiskVersion(this.config.riskListId))?.version ?? 0;
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    const devices = venues ? await this.store.listDevicesAt(venues.map((v) => v.id)) : await this.store.listDevices();
    return devices.map((d) => {
      const problems: string[] = [];
      let status: FleetDevice['status'] = 'ok';
      const hb = d.heartbeat;
      if (d.revokedAt !== null) status = 'revoked';
      else if (d.lastSeenAt === null) status = 'never_seen';
      else if (now - d.lastSeenAt > this.config.silentAfterSeconds * 1000) {
        status = 'silent';
        problems.push(`silent for ${Math.round((now - d.lastSeenAt) / 60_000)} min`);
      }
      if (hb && status !== 'revoked') {
        if (hb.riskListAgeSeconds === null || hb.riskListAgeSeconds > this.config.staleRiskListSeconds) problems.push(hb.riskListAgeSeconds === null ? 'no risk list' : `risk list ${Math.round(hb.riskListAgeSeconds / 3600)} h old`);
        if ((hb.riskListVersion ?? 0) < latest) problems.push(`risk list version ${hb.riskListVersion ?? 0} < ${latest}`);
        if (Math.abs(hb.clockOffsetMs) > this.config.signatureSkewSeconds * 1000) problems.push(`clock off by ${Math.round(hb.clockOffsetMs / 1000)} s`);
        if (hb.deadLetterCount > 0) problems.push(`${hb.deadLetterCount} dead-letter records`);
        if (problems.length > 0 && status === 'ok') status = 'stale';
      }
      return {
        deviceId: d.id, name: d.name, venueId: d.venueId, venueName: names.get(d.venueId) ?? d.venueId, gateId: d.gateId,
        enrolledAt: new Date(d.enrolledAt).toISOString(), revokedAt: iso(d.revokedAt), lastSeenAt: iso(d.lastSeenAt), heartbeat: hb, status, problems,
      };
    });
  }

  rotateKey(): string {
    return this.keys.rotate(this.clock.now().getTime());
  }
}

/** CSV of a trace, safe against formula injection (cells starting = + - @ tab CR get a leading '). */
export function traceToCsv(t: TraceResult): string {
  const cell = csvCell;
  const header = ['kind', 'visit_id', 'venue_id', 'venue_name', 'gate_id', 'nik_hash', 'from', 'to', 'checked_out', 'overlaps_visit_id', 'overlap_minutes'];
  const lines = [header.map(cell).join(',')];
  for (const v of t.visits) lines.push(['visit', v.visitId, v.venueId, v.venueName, v.gateId, t.nikHash, v.from, v.to, v.checkedOut, '', ''].map(cell).join(','));
  for (const c of t.contacts) lines.push(['contact', c.visitId, c.venueId, c.venueName, c.gateId, c.nikHash, c.from, c.to, c.checkedOut, c.overlapsVisitId, c.overlapMinutes].map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
