// Console accounts, sessions and API keys: what the login route, the auth preHandler, the console's
// admin routes and the CLI (`create-user`) share. Every change is written to the console audit log.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DEFAULT_AGENCIES, ROLES, venueScope } from '../../protocol/console/roles';
import type { ConsoleRole, VenueCategory, VenueScope } from '../../protocol/console/roles';
import type { ReasonCode } from '../../protocol/api/reasons';
import type { Clock } from '../../protocol/clock';
import type { ServerConfig } from '../config';
import { ApiError } from '../http/errors';
import { openJson, sealJson } from '../sealing';
import type { ApiKeyRow, ConsoleSessionRow, ConsoleUserRow, ServerStore } from '../store/types';
import type { ThrottleRule } from '../store/login-throttle';
import { recordAudit } from './audit';
import type { Actor } from './audit';
import { dummyHash, generatePassword, hashPassword, verifyPassword } from './passwords';
import { newTotpSecret, totpUri, verifyTotp } from './totp';

export const SESSION_COOKIE = 'jejak_console';
const API_KEY_PREFIX = 'jk_';
export const LEGACY_KEY_ID = 'legacy-admin';

/** Who is calling a console route, resolved from a session cookie or an API key. */
export interface Principal {
  actor: Actor;
  role: ConsoleRole;
  agencyId: string | null;
  venueIds: string[];
  scope: VenueScope;
  /** null for API keys (no cookie, so no CSRF token needed) */
  session: { idHash: string; csrfToken: string } | null;
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const safeEqual = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export interface NewUser {
  username: string;
  displayName: string;
  role: ConsoleRole;
  agencyId?: string | null;
  venueIds?: string[];
  password?: string;
}

export class ConsoleAccounts {
  constructor(
    readonly store: ServerStore,
    readonly clock: Clock,
    private readonly config: ServerConfig,
    private readonly dataKey: string,
  ) {}

  private fail(status: number, code: ReasonCode, path?: string, message?: string): never {
    throw new ApiError(status, code, path ? [{ path, message: message ?? code }] : undefined);
  }

  /** Agencies from sync/protocol that do not exist yet; the legacy admin token as a revocable key. */
  async ensureDefaults(adminToken: string): Promise<void> {
    await this.store.ensureAgencies(DEFAULT_AGENCIES.map((a) => ({ id: a.id, name: a.name, categories: [...a.categories] })), this.clock.now().getTime());
    if (!(await this.store.getApiKey(LEGACY_KEY_ID))) {
      try {
        await this.store.createApiKey({
          id: LEGACY_KEY_ID, name: 'legacy-admin-token', role: 'city-admin', agencyId: 'diskominfo', venueIds: [], secretHash: sha256(adminToken), legacy: true,
          createdAt: this.clock.now().getTime(), createdBy: null, revokedAt: null, lastUsedAt: null,
        });
      } catch (err) {
        // Another server process starting at the same moment made it first (same keys, same key row).
        if (!(await this.store.getApiKey(LEGACY_KEY_ID))) throw err;
      }
    }
  }

  /** The former single admin token still opens /v1/admin/* until this key is revoked. */
  async legacyTokenValid(token: string): Promise<boolean> {
    const k = await this.store.getApiKey(LEGACY_KEY_ID);
    return !!k && k.revokedAt === null && safeEqual(sha256(token), k.secretHash);
  }

  private async checkRoleFields(role: ConsoleRole, agencyId: string | null, venueIds: readonly string[]): Promise<void> {
    const def = ROLES[role];
    if (def.agencyRequired && !agencyId) this.fail(400, 'role_needs_agency', 'agencyId');
    if (agencyId && !(await this.store.getAgency(agencyId))) this.fail(400, 'agency_unknown', 'agencyId', agencyId);
    if (def.venuesRequired && venueIds.length === 0) this.fail(400, 'role_needs_venues', 'venueIds');
    for (const v of venueIds) if (!(await this.store.getVenue(v))) this.fail(400, 'venue_unknown', 'venueIds', v);
  }

  async createUser(u: NewUser, by: Actor, address: string | null = null): Promise<{ user: ConsoleUserRow; generatedPassword: string | null }> {
    const username = u.username.toLowerCase();
    const venueIds = ROLES[u.role].venuesRequired ? (u.venueIds ?? []) : [];
    await this.checkRoleFields(u.role, u.agencyId ?? null, venueIds);
    if (await this.store.getConsoleUserByName(username)) this.fail(409, 'username_taken', 'username');
    const generatedPassword = u.password ? null : generatePassword();
    const now = this.clock.now().getTime();
    const user: ConsoleUserRow = {
      id: randomUUID(), username, displayName: u.displayName, passwordHash: await hashPassword(u.password ?? generatedPassword!, this.config.consoleScryptN), role: u.role,
      agencyId: u.agencyId ?? null, venueIds, totpSealed: null, disabledAt: null, createdAt: now, updatedAt: now,
    };
    await this.store.createConsoleUser(user);
    await recordAudit(this, by, 'user.create', `user:${user.id}`, { username, role: u.role, agencyId: user.agencyId, venueIds }, { address });
    return { user, generatedPassword };
  }

  private async otherActiveCityAdmins(id: string): Promise<number> {
    return (await this.store.listConsoleUsers()).filter((x) => x.id !== id && x.role === 'city-admin' && x.disabledAt === null).length;
  }

  async updateUser(id: string, patch: { displayName?: string; role?: ConsoleRole; agencyId?: string | null; venueIds?: string[]; disabled?: boolean }, by: Actor, address: string | null): Promise<ConsoleUserRow> {
    const cur = await this.store.getConsoleUser(id);
    if (!cur) this.fail(404, 'user_unknown');
    const role = patch.role ?? cur.role;
    const agencyId = patch.agencyId !== undefined ? patch.agencyId : cur.agencyId;
    const venueIds = ROLES[role].venuesRequired ? (patch.venueIds ?? cur.venueIds) : [];
    await this.checkRoleFields(role, agencyId, venueIds);
    const losesAdmin = cur.role === 'city-admin' && cur.disabledAt === null && (role !== 'city-admin' || patch.disabled === true);
    if (losesAdmin && (await this.otherActiveCityAdmins(id)) === 0) this.fail(409, 'last_city_admin');
    const now = this.clock.now().getTime();
    const disabledAt = patch.disabled === undefined ? undefined : patch.disabled ? (cur.disabledAt ?? now) : null;
    const out = (await this.store.updateConsoleUser(id, { displayName: patch.displayName, role, agencyId, venueIds, disabledAt, updatedAt: now }))!;
    // A changed role, agency or venue list, or a disabled account, takes effect now: its sessions end.
    if (role !== cur.role || agencyId !== cur.agencyId || patch.disabled === true || venueIds.join() !== cur.venueIds.join()) await this.store.deleteUserSessions(id);
    await recordAudit(this, by, 'user.update', `user:${id}`, { fields: Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined), role, agencyId, venueIds, disabled: out.disabledAt !== null }, { address });
    return out;
  }

  async resetPassword(id: string, by: Actor, address: string | null): Promise<string> {
    if (!(await this.store.getConsoleUser(id))) this.fail(404, 'user_unknown');
    const password = generatePassword();
    await this.store.updateConsoleUser(id, { passwordHash: await hashPassword(password, this.config.consoleScryptN), updatedAt: this.clock.now().getTime() });
    await this.store.deleteUserSessions(id);
    await recordAudit(this, by, 'user.password_reset', `user:${id}`, {}, { address });
    return password;
  }

  async setupTotp(p: Principal, address: string | null): Promise<{ secret: string; otpauthUri: string }> {
    const user = (await this.store.getConsoleUser(p.actor.id!))!;
    const secret = newTotpSecret();
    await this.store.updateConsoleUser(user.id, { totpSealed: sealJson(this.dataKey, secret), updatedAt: this.clock.now().getTime() });
    await recordAudit(this, p.actor, 'user.totp_enable', `user:${user.id}`, {}, { address });
    return { secret, otpauthUri: totpUri(secret, user.username) };
  }

  private throttleRules(username: string, address: string | null): ThrottleRule[] {
    const base = { windowMs: 15 * 60_000, baseLockMs: 60_000, maxLockMs: 3600_000 };
    const rules: ThrottleRule[] = [{ key: `account:${username}`, policy: { ...base, maxFailures: this.config.consoleLoginMaxFailures } }];
    if (address) rules.push({ key: `address:${address}`, policy: { ...base, maxFailures: this.config.consoleAddressMaxFailures } });
    return rules;
  }

  /**
   * Username + password (+ TOTP when the account has it). The attempt is counted as a failure before
   * the password is checked and given back on success, so parallel guesses cannot outrun the lock.
   */
  async login(input: { username: string; password: string; totp?: string }, address: string | null): Promise<{ user: ConsoleUserRow; cookie: string; session: ConsoleSessionRow }> {
    const username = input.username.trim().toLowerCase();
    const rules = this.throttleRules(username, address);
    const now = this.clock.now().getTime();
    const actor: Actor = { kind: 'user', id: null, name: username.slice(0, 64), role: null };
    const reserved = await this.store.reserveLoginAttempt(rules, now);
    if (!reserved.allowed) {
      await recordAudit(this, actor, 'login.locked', null, {}, { address });
      throw new ApiError(429, 'login_locked', undefined, { 'retry-after': String(Math.max(1, Math.ceil((reserved.retryAt - now) / 1000))) });
    }
    const user = await this.store.getConsoleUserByName(username);
    const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash(this.config.consoleScryptN)));
    if (!user || !passwordOk || user.disabledAt !== null) {
      await recordAudit(this, { ...actor, id: user?.id ?? null }, 'login.fail', user ? `user:${user.id}` : null, {}, { address });
      this.fail(401, 'login_failed');
    }
    if (user.totpSealed) {
      if (!input.totp) {
        // The password was right: give the reservation back, the next request brings the code.
        for (const r of rules) await this.store.settleLoginAttempt(r, 'undo');
        this.fail(401, 'totp_required');
      }
      if (!verifyTotp(openJson<string>(this.dataKey, user.totpSealed), input.totp, now)) {
        await recordAudit(this, { ...actor, id: user.id }, 'login.fail', `user:${user.id}`, { factor: 'totp' }, { address });
        this.fail(401, 'login_failed');
      }
    }
    await this.store.settleLoginAttempt(rules[0]!, 'reset');
    for (const r of rules.slice(1)) await this.store.settleLoginAttempt(r, 'undo');
    const cookie = randomBytes(32).toString('base64url');
    const session: ConsoleSessionRow = {
      idHash: sha256(cookie), userId: user.id, csrfToken: randomBytes(24).toString('base64url'), createdAt: now, lastSeenAt: now,
      expiresAt: now + this.config.consoleSessionHours * 3600_000, address,
    };
    await this.store.createSession(session);
    await recordAudit(this, { kind: 'user', id: user.id, name: user.username, role: user.role }, 'login.ok', `user:${user.id}`, { totp: !!user.totpSealed }, { address });
    return { user, cookie, session };
  }

  async logout(p: Principal, address: string | null): Promise<void> {
    if (p.session) await this.store.deleteSession(p.session.idHash);
    await recordAudit(this, p.actor, 'logout', p.actor.id ? `user:${p.actor.id}` : null, {}, { address });
  }

  private async scopeOf(role: ConsoleRole, agencyId: string | null, venueIds: string[]): Promise<VenueScope> {
    const cats: VenueCategory[] = agencyId ? ((await this.store.getAgency(agencyId))?.categories ?? []) : [];
    return venueScope(role, cats, venueIds);
  }

  /** null: no session or it has ended (idle, absolute end, account disabled) */
  async principalFromCookie(cookie: string): Promise<Principal | null> {
    const idHash = sha256(cookie);
    const s = await this.store.getSession(idHash);
    if (!s) return null;
    const now = this.clock.now().getTime();
    if (s.expiresAt <= now || s.lastSeenAt + this.config.consoleIdleMinutes * 60_000 <= now) {
      await this.store.deleteSession(idHash);
      return null;
    }
    const user = await this.store.getConsoleUser(s.userId);
    if (!user || user.disabledAt !== null) return null;
    // Idle time counts from the last request; one write a minute is enough for a 30 min limit.
    if (now - s.lastSeenAt >= 60_000) await this.store.touchSession(idHash, now);
    return {
      actor: { kind: 'user', id: user.id, name: user.username, role: user.role }, role: user.role, agencyId: user.agencyId, venueIds: user.venueIds,
      scope: await this.scopeOf(user.role, user.agencyId, user.venueIds), session: { idHash, csrfToken: s.csrfToken },
    };
  }

  /** `jk_<id>_<secret>`; the legacy admin token is not a console key. */
  async principalFromApiKey(token: string): Promise<Principal | null> {
    const m = /^jk_([A-Za-z0-9]{1,32})_([A-Za-z0-9_-]{20,100})$/.exec(token);
    if (!m) return null;
    const k = await this.store.getApiKey(m[1]!);
    if (!k || k.legacy || k.revokedAt !== null || !safeEqual(sha256(m[2]!), k.secretHash)) return null;
    const now = this.clock.now().getTime();
    if (now - (k.lastUsedAt ?? 0) >= 60_000) await this.store.touchApiKey(k.id, now);
    return {
      actor: { kind: 'api-key', id: k.id, name: k.name, role: k.role }, role: k.role, agencyId: k.agencyId, venueIds: k.venueIds,
      scope: await this.scopeOf(k.role, k.agencyId, k.venueIds), session: null,
    };
  }

  async createApiKey(input: { name: string; role: ConsoleRole; agencyId?: string | null; venueIds?: string[] }, by: Actor, address: string | null): Promise<{ key: ApiKeyRow; token: string }> {
    const venueIds = ROLES[input.role].venuesRequired ? (input.venueIds ?? []) : [];
    await this.checkRoleFields(input.role, input.agencyId ?? null, venueIds);
    if ((await this.store.listApiKeys()).some((k) => k.name === input.name)) this.fail(409, 'api_key_name_taken', 'name');
    const id = randomBytes(9).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const key: ApiKeyRow = {
      id, name: input.name, role: input.role, agencyId: input.agencyId ?? null, venueIds, secretHash: sha256(secret), legacy: false,
      createdAt: this.clock.now().getTime(), createdBy: by.id ?? by.name, revokedAt: null, lastUsedAt: null,
    };
    await this.store.createApiKey(key);
    await recordAudit(this, by, 'api_key.create', `api_key:${id}`, { name: input.name, role: input.role, agencyId: key.agencyId, venueIds }, { address });
    return { key, token: `${API_KEY_PREFIX}${id}_${secret}` };
  }

  async revokeApiKey(id: string, by: Actor, address: string | null): Promise<void> {
    if (!(await this.store.revokeApiKey(id, this.clock.now().getTime()))) this.fail(404, 'api_key_unknown');
    await recordAudit(this, by, 'api_key.revoke', `api_key:${id}`, {}, { address });
  }
}
