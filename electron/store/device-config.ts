// The enrolment row: who this device is, where it stands, which keys it trusts, and venue settings.
// The nikHashKey and the device private key are sealed; everything else is configuration.
import type { Statement } from 'better-sqlite3';
import { nikHash as computeNikHash } from '../../sync/protocol/crypto';
import { badInput, isoToMs, msToIso, msToIsoOrNull } from './codec';
import type { StoreContext } from './context';
import { nowMs } from './context';
import type { DeviceConfig, DeviceConfigInput, GateMode } from './types';
import { StoreError } from './types';

export const DEFAULT_DWELL_MINUTES = 180;
export const DEFAULT_RETENTION_DAYS = 14;

const AAD_NIK_HASH_KEY = 'device_config.nik_hash_key:1';
const AAD_PRIVATE_KEY = 'device_config.device_private_key:1';

interface Row {
  device_id: string;
  venue_id: string;
  venue_name: string | null;
  gate_id: string;
  gate_mode: GateMode;
  server_url: string;
  fallback_server_urls: string;
  city_keys_json: string;
  nik_hash_key_enc: Buffer;
  device_public_key: string;
  device_private_key_enc: Buffer;
  policy_json: string;
  venue_capacity: number | null;
  dwell_minutes: number;
  retention_days: number;
  clock_offset_ms: number;
  clock_offset_measured_at: number | null;
  enrolled_at: number;
}

export function notEnrolled(): StoreError {
  return new StoreError('NOT_ENROLLED', { id: 'kios ini belum didaftarkan', en: 'this kiosk is not enrolled yet' });
}

function checkInput(c: DeviceConfigInput): void {
  for (const f of ['deviceId', 'venueId', 'gateId', 'serverUrl', 'nikHashKey', 'devicePublicKey', 'devicePrivateKey'] as const) {
    if (typeof c[f] !== 'string' || c[f].length === 0) throw badInput({ id: `${f} wajib diisi`, en: `${f} is required` });
  }
  if (c.gateMode !== 'entry' && c.gateMode !== 'exit') throw badInput({ id: 'gateMode harus entry atau exit', en: 'gateMode must be entry or exit' });
  if (Buffer.from(c.nikHashKey, 'base64url').length !== 32) throw badInput({ id: 'nikHashKey harus 32 byte (base64url)', en: 'nikHashKey must be 32 bytes (base64url)' });
  checkSettings(c);
}

function checkSettings(c: { dwellMinutes?: number; retentionDays?: number; venueCapacity?: number | null }): void {
  if (c.dwellMinutes !== undefined && !(Number.isInteger(c.dwellMinutes) && c.dwellMinutes > 0)) throw badInput({ id: 'dwellMinutes harus bilangan bulat positif', en: 'dwellMinutes must be a positive integer' });
  if (c.retentionDays !== undefined && !(Number.isInteger(c.retentionDays) && c.retentionDays > 0)) throw badInput({ id: 'retentionDays harus bilangan bulat positif', en: 'retentionDays must be a positive integer' });
  if (c.venueCapacity !== undefined && c.venueCapacity !== null && !(Number.isInteger(c.venueCapacity) && c.venueCapacity >= 0)) {
    throw badInput({ id: 'venueCapacity harus bilangan bulat tidak negatif atau null', en: 'venueCapacity must be a non-negative integer or null' });
  }
}

export class DeviceConfigRepo {
  private cached: DeviceConfig | null | undefined;
  /** PRAGMA data_version when `cached` was read: it changes when ANOTHER connection commits */
  private cachedAt = -1;
  private readonly selectStmt: Statement<[], Row>;
  private readonly dataVersionStmt: Statement<[], number>;

  constructor(private readonly ctx: StoreContext) {
    this.selectStmt = ctx.db.prepare('SELECT * FROM device_config WHERE id = 1');
    this.dataVersionStmt = ctx.db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  get(): DeviceConfig | null {
    // A second connection (the sync agent's thread) writes the enrolment too (the measured clock
    // offset, which stamps visits): the cached copy holds only while no other connection committed.
    const version = this.dataVersionStmt.get()!;
    if (this.cached !== undefined && version === this.cachedAt) return this.cached;
    const row = this.selectStmt.get();
    this.cached = row ? this.fromRow(row) : null;
    this.cachedAt = version;
    return this.cached;
  }

  require(): DeviceConfig {
    const c = this.get();
    if (!c) throw notEnrolled();
    return c;
  }

  save(input: DeviceConfigInput): DeviceConfig {
    checkInput(input);
    const now = nowMs(this.ctx);
    const { cipher } = this.ctx;
    this.ctx.db
      .prepare(
        `INSERT INTO device_config (id, device_id, venue_id, venue_name, gate_id, gate_mode, server_url, city_keys_json,
           nik_hash_key_enc, device_public_key, device_private_key_enc, policy_json, venue_capacity, dwell_minutes,
           retention_days, clock_offset_ms, clock_offset_measured_at, enrolled_at, updated_at)
         VALUES (1, @deviceId, @venueId, @venueName, @gateId, @gateMode, @serverUrl, @cityKeys, @nikHashKeyEnc, @devicePublicKey,
           @devicePrivateKeyEnc, @policy, @venueCapacity, @dwell, @retention, @offset, @offsetAt, @enrolledAt, @now)
         ON CONFLICT (id) DO UPDATE SET device_id = excluded.device_id, venue_id = excluded.venue_id, venue_name = excluded.venue_name,
           gate_id = excluded.gate_id, gate_mode = excluded.gate_mode, server_url = excluded.server_url,
           city_keys_json = excluded.city_keys_json, nik_hash_key_enc = excluded.nik_hash_key_enc,
           device_public_key = excluded.device_public_key, device_private_key_enc = excluded.device_private_key_enc,
           policy_json = excluded.policy_json, venue_capacity = excluded.venue_capacity, dwell_minutes = excluded.dwell_minutes,
           retention_days = excluded.retention_days, clock_offset_ms = excluded.clock_offset_ms,
           clock_offset_measured_at = excluded.clock_offset_measured_at, enrolled_at = excluded.enrolled_at, updated_at = excluded.updated_at`,
      )
      .run({
        deviceId: input.deviceId,
        venueId: input.venueId,
        venueName: input.venueName ?? null,
        gateId: input.gateId,
        gateMode: input.gateMode,
        serverUrl: input.serverUrl,
        cityKeys: JSON.stringify(input.cityPublicKeys ?? {}),
        nikHashKeyEnc: cipher.sealText(input.nikHashKey, AAD_NIK_HASH_KEY),
        devicePublicKey: input.devicePublicKey,
        devicePrivateKeyEnc: cipher.sealText(input.devicePrivateKey, AAD_PRIVATE_KEY),
        policy: JSON.stringify(input.policy ?? {}),
        venueCapacity: input.venueCapacity ?? null,
        dwell: input.dwellMinutes ?? DEFAULT_DWELL_MINUTES,
        retention: input.retentionDays ?? DEFAULT_RETENTION_DAYS,
        offset: Math.round(input.clockOffsetMs ?? 0),
        offsetAt: input.clockOffsetMeasuredAt ? isoToMs(input.clockOffsetMeasuredAt, 'clockOffsetMeasuredAt') : null,
        enrolledAt: input.enrolledAt ? isoToMs(input.enrolledAt, 'enrolledAt') : now,
        now,
      });
    this.cached = undefined;
    return this.require();
  }

  updateSettings(patch: Partial<Pick<DeviceConfig, 'policy' | 'venueCapacity' | 'dwellMinutes' | 'retentionDays' | 'cityPublicKeys' | 'gateMode' | 'serverUrl' | 'fallbackServerUrls' | 'venueName'>>): DeviceConfig {
    const current = this.require();
    checkSettings(patch);
    if (patch.fallbackServerUrls !== undefined && !(Array.isArray(patch.fallbackServerUrls) && patch.fallbackServerUrls.every((u) => typeof u === 'string' && /^https?:\/\/[^\s]+$/.test(u)))) {
      throw badInput({ id: 'fallbackServerUrls harus daftar URL http(s)', en: 'fallbackServerUrls must be a list of http(s) URLs' });
    }
    if (patch.gateMode !== undefined && patch.gateMode !== 'entry' && patch.gateMode !== 'exit') throw badInput({ id: 'gateMode harus entry atau exit', en: 'gateMode must be entry or exit' });
    const next = { ...current, ...patch };
    this.ctx.db
      .prepare(
        `UPDATE device_config SET policy_json = ?, venue_capacity = ?, dwell_minutes = ?, retention_days = ?, city_keys_json = ?,
           gate_mode = ?, server_url = ?, fallback_server_urls = ?, venue_name = ?, updated_at = ? WHERE id = 1`,
      )
      .run(JSON.stringify(next.policy), next.venueCapacity, next.dwellMinutes, next.retentionDays, JSON.stringify(next.cityPublicKeys),
        next.gateMode, next.serverUrl, JSON.stringify(next.fallbackServerUrls ?? []), next.venueName ?? null, nowMs(this.ctx));
    this.cached = undefined;
    return this.require();
  }

  saveClockOffset(offsetMs: number, measuredAt?: string): void {
    if (!Number.isFinite(offsetMs)) throw badInput({ id: 'selisih jam harus angka (ms)', en: 'clock offset must be a number of ms' });
    this.require();
    const at = measuredAt ? isoToMs(measuredAt, 'measuredAt') : nowMs(this.ctx);
    this.ctx.db.prepare('UPDATE device_config SET clock_offset_ms = ?, clock_offset_measured_at = ?, updated_at = ? WHERE id = 1')
      .run(Math.round(offsetMs), at, nowMs(this.ctx));
    this.cached = undefined;
  }

  hashNik(nik: string): string {
    if (!/^\d{16}$/.test(nik)) throw badInput({ id: 'NIK harus 16 digit angka', en: 'NIK must be 16 digits' });
    return computeNikHash(this.require().nikHashKey, nik);
  }

  /** drop the cache (after a rollback that may have undone a write) */
  invalidate(): void {
    this.cached = undefined;
  }

  private fromRow(row: Row): DeviceConfig {
    const { cipher } = this.ctx;
    return {
      deviceId: row.device_id,
      venueId: row.venue_id,
      venueName: row.venue_name,
      gateId: row.gate_id,
      gateMode: row.gate_mode,
      serverUrl: row.server_url,
      fallbackServerUrls: JSON.parse(row.fallback_server_urls) as string[],
      cityPublicKeys: JSON.parse(row.city_keys_json) as Record<string, string>,
      nikHashKey: cipher.openText(row.nik_hash_key_enc, AAD_NIK_HASH_KEY),
      devicePublicKey: row.device_public_key,
      devicePrivateKey: cipher.openText(row.device_private_key_enc, AAD_PRIVATE_KEY),
      policy: JSON.parse(row.policy_json) as Record<string, unknown>,
      venueCapacity: row.venue_capacity,
      dwellMinutes: row.dwell_minutes,
      retentionDays: row.retention_days,
      clockOffsetMs: row.clock_offset_ms,
      clockOffsetMeasuredAt: msToIsoOrNull(row.clock_offset_measured_at),
      enrolledAt: msToIso(row.enrolled_at),
    };
  }
}
