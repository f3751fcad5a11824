// The kiosk's sync agent: runs beside the gate, never in front of it. One loop does, in order of
// urgency: priority alerts (a DENY of a CONFIRMED/SUSPECT person), the visit outbox, late check-outs,
// the risk list, the registrations feed and the heartbeat. Every failure is retried for ever with capped exponential
// backoff and full jitter; a queued alert wakes the loop at once and keeps the backoff short.
import { EventEmitter } from 'node:events';
import { applyVenuePolicy, appliedPolicyVersion } from './venue-policy';
import { signRequest } from '../protocol/http-signature';
import { systemClock, type Clock } from '../protocol/clock';
import { silentLogger, type EventLogger } from '../protocol/log-events';
import { riskListAgeMs } from '../protocol/risk-list-age';
import { retryDelayMs, type BackoffPolicy, type FailureAction } from './backoff';
import { ClockOffsetTracker, CLOCK_SUSPECT_MS, type ClockSample } from './clock';
import { drainQueue, MAX_BATCH, type DrainQueue, type DrainReport, type DrainState } from './drain';
import { HttpClient, type CallResult } from './http-client';
import type { AlertOutboxItem, CheckoutOutboxItem, DeviceConfig, GateGiveWayPort, OutboxItem, SyncStorePort } from './ports';
import { lookupRegistration, pullRegistrations, DEFAULT_LOOKUP_TIMEOUT_MS, type LookupResult } from './registrations';
import { pullRiskList, type RiskPullResult } from './risk-pull';
import { alertUploader, checkoutUploader, failureActionOf, visitUploader } from './uploaders';

export interface SyncAgentOptions {
  store: SyncStorePort;
  clock?: Clock;
  /** the kiosk's logger: offline periods, dead letters, risk lists applied or refused, revocation */
  log?: EventLogger;
  appVersion?: string;
  /** default request timeout */
  requestTimeoutMs?: number;
  /** on-demand registration lookup timeout (the gate waits at most this long) */
  lookupTimeoutMs?: number;
  backoff?: BackoffPolicy;
  /** backoff cap while a priority alert waits: it must go within seconds of a connection */
  alertBackoffCapMs?: number;
  random?: () => number;
  /** idle poll when nothing is queued */
  idlePollMs?: number;
  riskIntervalMs?: number;
  registrationsIntervalMs?: number;
  heartbeatIntervalMs?: number;
  /** visits per batch (≤ 500) */
  batchSize?: number;
  /** trusted CA of the city server */
  ca?: string | Buffer;
  /** a visit older than (server retention − this) still unsent raises SERVER_RETENTION_NEAR */
  retentionWarnDays?: number;
  keepAlive?: boolean;
  /** a visitor at the gate goes first: long risk list work waits between its steps (ports.ts); default none */
  gate?: GateGiveWayPort;
}

export type SyncState = 'unenrolled' | 'idle' | 'syncing' | 'online' | 'offline' | 'revoked' | 'stopped';

export interface SyncStatus {
  state: SyncState;
  online: boolean;
  queueDepth: number;
  alertQueueDepth: number;
  lastSuccessfulSyncAt: string | null;
  lastAttemptAt: string | null;
  lastError: { code: string; at: string } | null;
  consecutiveFailures: number;
  nextAttemptAt: string | null;
  riskListVersion: number | null;
  /** seconds since the live list was last known current (riskListAgeMs: its issue or a later signed confirmation) */
  riskListAgeSeconds: number | null;
  riskListExpiresAt: string | null;
  clockOffsetMs: number | null;
  clockOff: boolean;
}

export interface SyncCycleReport {
  ok: boolean;
  alerts: DrainReport | null;
  visits: DrainReport | null;
  /** check-outs of visits already uploaded (rejected = the server no longer holds the visit) */
  checkouts: DrainReport | null;
  risk: RiskPullResult | null;
  registrations: 'done' | 'failed' | 'skipped';
  heartbeat: 'sent' | 'failed' | 'skipped';
  failure: FailureAction | null;
}

export interface SyncAgentEvents {
  status: [SyncStatus];
  cycle: [SyncCycleReport];
  'risk-updated': [Extract<RiskPullResult, { kind: 'applied' }>];
  'risk-rejected': [Extract<RiskPullResult, { kind: 'rejected' }>];
  'alerts-sent': [number];
  revoked: [string];
}

const iso = (ms: number): string => new Date(ms).toISOString();

export class SyncAgent extends EventEmitter<SyncAgentEvents> {
  private readonly store: SyncAgentOptions['store'];
  private readonly clock: Clock;
  private readonly log: EventLogger;
  private readonly opts: Required<Omit<SyncAgentOptions, 'store' | 'clock' | 'log' | 'ca' | 'gate'>> & { ca?: string | Buffer };
  private readonly gate: GateGiveWayPort | undefined;
  private client: HttpClient | null = null;
  private clientFor = '';
  private readonly tracker: ClockOffsetTracker;
  private readonly visitState: DrainState;
  private readonly alertState: DrainState = { batchSize: 100 };
  private readonly checkoutState: DrainState = { batchSize: MAX_BATCH };

  private running = false;
  private loopDone: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private cycleInFlight: Promise<SyncCycleReport> | null = null;

  private state: SyncState = 'idle';
  private failures = 0;
  private lastSuccessAt: number | null = null;
  private lastAttemptAt: number | null = null;
  private lastError: { code: string; at: string } | null = null;
  private nextAttemptAt: number | null = null;
  private riskDueAt = 0;
  private registrationsDueAt = 0;
  private heartbeatDueAt = 0;
  private revokedReason: string | null = null;
  /** when the current run of failed cycles began (an offline period), null while online */
  private offlineSince: number | null = null;

  constructor(options: SyncAgentOptions) {
    super();
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silentLogger;
    this.gate = options.gate;
    this.opts = {
      appVersion: options.appVersion ?? '0.1.0',
      requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
      lookupTimeoutMs: options.lookupTimeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS,
      backoff: options.backoff ?? { baseMs: 1000, capMs: 60_000 },
      alertBackoffCapMs: options.alertBackoffCapMs ?? 5000,
      random: options.random ?? Math.random,
      idlePollMs: options.idlePollMs ?? 30_000,
      riskIntervalMs: options.riskIntervalMs ?? 5 * 60_000,
      registrationsIntervalMs: options.registrationsIntervalMs ?? 10 * 60_000,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 60_000,
      batchSize: Math.min(options.batchSize ?? MAX_BATCH, MAX_BATCH),
      retentionWarnDays: options.retentionWarnDays ?? 3,
      keepAlive: options.keepAlive ?? true,
      ...(options.ca ? { ca: options.ca } : {}),
    };
    this.visitState = { batchSize: this.opts.batchSize };
    const cfg = this.store.getDeviceConfig();
    this.tracker = new ClockOffsetTracker(cfg?.clockOffsetMeasuredAt ? cfg.clockOffsetMs : null);
    if (!cfg) this.state = 'unenrolled';
  }

  private nowMs(): number {
    return this.clock.now().getTime();
  }

  /** best estimate of the server's clock */
  serverNowMs(): number {
    return this.nowMs() + (this.tracker.offsetMs ?? 0);
  }

  private config(): DeviceConfig | null {
    return this.store.getDeviceConfig();
  }

  private httpClient(cfg: DeviceConfig): HttpClient {
    const key = `${cfg.serverUrl}|${(cfg.fallbackServerUrls ?? []).join(' ')}|${cfg.deviceId}|${cfg.devicePublicKey}`;
    if (this.client && this.clientFor === key) return this.client;
    this.client = new HttpClient({
      baseUrl: cfg.serverUrl,
      fallbackUrls: cfg.fallbackServerUrls ?? [],
      timeoutMs: this.opts.requestTimeoutMs,
      now: () => this.nowMs(),
      keepAlive: this.opts.keepAlive,
      userAgent: `jejak-kiosk/${this.opts.appVersion}`,
      ...(this.opts.ca ? { ca: this.opts.ca } : {}),
      onClockSample: (s, precise) => this.onClockSample(s, precise),
      signer: ({ method, url, headers, body }) =>
        signRequest({
          method,
          url,
          body: body ?? '',
          keyId: cfg.deviceId,
          privateKey: cfg.devicePrivateKey,
          // signed with the corrected clock: a kiosk a day off still gets in
          created: Math.floor(this.serverNowMs() / 1000),
          headers,
        }),
    });
    this.clientFor = key;
    return this.client;
  }

  private onClockSample(sample: ClockSample, precise: boolean): void {
    if (this.tracker.observe(sample, precise)) {
      const offset = this.tracker.offsetMs!;
      this.store.saveClockOffset(offset, iso(this.nowMs()));
      if (Math.abs(offset) > CLOCK_SUSPECT_MS) {
        this.store.raiseAlert({
          code: 'CLOCK_OFF',
          severity: 'warning',
          message: { id: 'Jam perangkat berbeda jauh dari jam server; waktu kunjungan dikoreksi', en: 'The device clock is far off the server clock; visit times are corrected' },
          detail: { offsetMs: offset },
        });
      } else {
        this.store.resolveAlert('CLOCK_OFF');
      }
    }
  }

  // ------------------------------------------------------------------ lifecycle

  start(): void {
    if (this.running) return;
    this.running = true;
    this.revokedReason = null;
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loopDone;
    await this.cycleInFlight?.catch(() => undefined);
    this.loopDone = null;
    this.setState('stopped');
  }

  /** Wake the loop now (e.g. a priority alert was queued, or the network came back). */
  wake(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    w?.();
  }

  /** The kiosk calls this after recording a visit; alerts wake the loop at once. */
  notifyRecorded(opts: { alert?: boolean } = {}): void {
    if (opts.alert) {
      this.failures = Math.min(this.failures, 2);
      this.wake();
    }
  }

  /** Run one full cycle now (waits for a running one first). */
  async syncNow(): Promise<SyncCycleReport> {
    if (this.cycleInFlight) await this.cycleInFlight.catch(() => undefined);
    this.riskDueAt = 0;
    this.registrationsDueAt = 0;
    this.heartbeatDueAt = 0;
    return this.runCycle();
  }

  private runCycle(): Promise<SyncCycleReport> {
    if (this.cycleInFlight) return this.cycleInFlight;
    const p = this.cycle().finally(() => {
      this.cycleInFlight = null;
    });
    this.cycleInFlight = p;
    return p;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = resolve;
      this.wakeTimer = setTimeout(() => this.wake(), ms);
    });
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let report: SyncCycleReport;
      try {
        report = await this.runCycle();
      } catch (err) {
        // A bug or a store error must not kill the loop: record it and back off like any failure.
        report = { ok: false, alerts: null, visits: null, checkouts: null, risk: null, registrations: 'skipped', heartbeat: 'skipped', failure: { action: 'retry', retryAfterMs: null, reason: `INTERNAL_${(err as Error).name}` } };
        this.noteFailure(report.failure!);
      }
      if (!this.running) break;
      if (this.state === 'revoked' || this.state === 'unenrolled') {
        await this.sleep(this.opts.idlePollMs);
        continue;
      }
      let delay: number;
      if (!report.ok) {
        const alertsWaiting = this.store.alertOutboxDepth() > 0;
        const policy = alertsWaiting ? { ...this.opts.backoff, capMs: Math.min(this.opts.backoff.capMs, this.opts.alertBackoffCapMs) } : this.opts.backoff;
        const retryAfter = report.failure && report.failure.action === 'retry' ? report.failure.retryAfterMs : null;
        delay = retryDelayMs(Math.max(0, this.failures - 1), retryAfter, policy, this.opts.random);
      } else {
        delay = this.store.outboxDepth() > 0 || this.store.alertOutboxDepth() > 0 ? 0 : this.opts.idlePollMs;
      }
      this.nextAttemptAt = this.nowMs() + delay;
      if (delay > 0) await this.sleep(delay);
      this.nextAttemptAt = null;
    }
  }

  // ------------------------------------------------------------------ one cycle

  private noteFailure(f: FailureAction): void {
    this.failures++;
    this.lastError = { code: f.reason, at: iso(this.nowMs()) };
    if (f.action === 'stop') {
      this.revokedReason = f.reason;
      this.log.error('sync.revoked', { reason: f.reason });
      this.setState('revoked');
      this.emit('revoked', f.reason);
    } else {
      if (this.offlineSince === null) {
        this.offlineSince = this.nowMs();
        this.log.warn('sync.offline', { code: f.reason, queueDepth: this.store.outboxDepth(), alertQueueDepth: this.store.alertOutboxDepth() });
      }
      this.setState('offline');
    }
  }

  private async cycle(): Promise<SyncCycleReport> {
    const report: SyncCycleReport = { ok: true, alerts: null, visits: null, checkouts: null, risk: null, registrations: 'skipped', heartbeat: 'skipped', failure: null };
    const cfg = this.config();
    if (!cfg) {
      this.setState('unenrolled');
      return { ...report, ok: false };
    }
    const client = this.httpClient(cfg);
    // before any network: unsent visits nearing retention matter most when the kiosk is offline
    this.checkRetention(cfg);
    this.lastAttemptAt = this.nowMs();
    this.setState('syncing');
    const fail = (f: FailureAction): SyncCycleReport => {
      this.noteFailure(f);
      report.ok = false;
      report.failure = f;
      this.emit('cycle', report);
      return report;
    };

    // 1. Priority alerts first: they are what Dinkes acts on.
    const alertQueue: DrainQueue<AlertOutboxItem> = {
      peek: (n) => this.store.nextAlertBatch(n),
      ack: (ids) => void this.store.ackAlerts(ids),
      deadLetter: (e) => e.forEach((x) => this.deadLettered('alert', x.id, x.reason, this.store.deadLetterAlert(x.id, x.reason))),
    };
    report.alerts = await drainQueue(alertQueue, alertUploader(client), this.alertState, { maxBatch: 100 });
    if (report.alerts.accepted + report.alerts.duplicate > 0) this.emit('alerts-sent', report.alerts.accepted + report.alerts.duplicate);
    if (report.alerts.stoppedBy) return fail(report.alerts.stoppedBy);

    // 2. The visit outbox, oldest first.
    const ackAt = (): string => iso(this.serverNowMs());
    const visitQueue: DrainQueue<OutboxItem> = {
      peek: (n) => this.store.nextOutboxBatch(n),
      ack: (ids) => void this.store.ackOutbox(ids, ackAt()),
      deadLetter: (e) => e.forEach((x) => this.deadLettered('visit', x.id, x.reason, this.store.deadLetter(x.id, x.reason))),
    };
    const upload = visitUploader(client);
    report.visits = await drainQueue(visitQueue, async (items) => {
      const out = await upload(items);
      if (out.kind === 'failure') this.store.markOutboxAttempt(items.map((i) => i.id));
      return out;
    }, this.visitState, {
      maxBatch: this.opts.batchSize,
      // a new alert that arrives mid-drain jumps the queue
      shouldStop: () => this.store.alertOutboxDepth() > 0,
    });
    // each dead letter raises the store's DEAD_LETTER alert (one key, one raiser)
    if (report.visits.stoppedBy) return fail(report.visits.stoppedBy);

    // 2b. Check-outs that came after their visit was queued (staff, exit gate, automatic), once the
    // server has the visit. Same retry rules; the server keeps the first check-out, so a resend is harmless.
    if (report.visits.emptied) {
      const checkoutQueue: DrainQueue<CheckoutOutboxItem> = {
        peek: (n) => this.store.nextCheckoutBatch(n),
        ack: (ids) => void this.store.ackCheckouts(ids),
        // the server no longer holds the visit (past its retention): nothing left to close there
        deadLetter: (e) => void this.store.ackCheckouts(e.map((x) => x.id)),
      };
      const sendCheckouts = checkoutUploader(client);
      report.checkouts = await drainQueue(checkoutQueue, async (items) => {
        const out = await sendCheckouts(items);
        if (out.kind === 'failure') this.store.markCheckoutAttempt(items.map((i) => i.id));
        return out;
      }, this.checkoutState, { maxBatch: this.opts.batchSize, shouldStop: () => this.store.alertOutboxDepth() > 0 });
      if (report.checkouts.stoppedBy) return fail(report.checkouts.stoppedBy);
    }

    const now = this.nowMs();
    let feedProblem: string | null = null;
    // 3. Risk list.
    if (now >= this.riskDueAt) {
      report.risk = await pullRiskList({ store: this.store, client, serverNow: () => this.serverNowMs(), ...(this.gate ? { gate: this.gate } : {}) });
      if (report.risk.kind === 'failure') return fail(failureActionOf(report.risk.result));
      this.riskDueAt = now + this.opts.riskIntervalMs;
      if (report.risk.kind === 'current' || report.risk.kind === 'applied') {
        // kept in the store: after a restart the list's age still runs from this confirmation
        this.store.markRiskListConfirmed(iso(this.nowMs()));
        this.store.resolveAlert('RISK_LIST_STALE');
        // the live list is the server's current one: an earlier refused update no longer matters
        this.store.resolveAlert('RISK_LIST_REJECTED');
      }
      if (report.risk.kind === 'applied') {
        const { mode, fromVersion, version, entries, changes } = report.risk;
        this.log.info('sync.risk_applied', { mode, fromVersion, version, entries, changes });
        this.emit('risk-updated', report.risk);
      }
      if (report.risk.kind === 'rejected') {
        // nothing changed: the previous list stays live and staff see RISK_LIST_REJECTED
        this.log.warn('sync.risk_rejected', { code: report.risk.code, detail: report.risk.detail });
        this.emit('risk-rejected', report.risk);
        // a tampered or broken feed is retried sooner than the normal interval, but not in a tight loop
        this.riskDueAt = now + Math.min(this.opts.riskIntervalMs, 60_000);
      }
    }

    // 4. Registrations feed.
    if (now >= this.registrationsDueAt) {
      const r = await pullRegistrations(this.store, client, { maxPages: 50 });
      report.registrations = r.kind === 'done' ? 'done' : 'failed';
      if (r.kind === 'failure') {
        if (r.result) return fail(failureActionOf(r.result));
        // an answer we cannot read is not a reason to hold visits back: note it, retry on the next interval
        feedProblem = `REGISTRATIONS_${r.reason}`;
        this.registrationsDueAt = now + this.opts.registrationsIntervalMs;
      } else if (r.pages < 50) this.registrationsDueAt = now + this.opts.registrationsIntervalMs;
    }

    // 5. Heartbeat with the health figures the server lists.
    if (now >= this.heartbeatDueAt) {
      const hb = await this.sendHeartbeat(client);
      report.heartbeat = hb.ok ? 'sent' : 'failed';
      if (!hb.ok) return fail(failureActionOf(hb));
      this.heartbeatDueAt = now + this.opts.heartbeatIntervalMs;
      if (hb.data.latestRiskVersion > (this.store.riskListMeta()?.version ?? 0)) this.riskDueAt = 0;
      // The policy is checked on its own (verifyVenuePolicy): a bad one raises a staff alert, never a failed cycle.
      applyVenuePolicy(this.store, this.store.getDeviceConfig() ?? cfg, hb.data.venuePolicy);
    }

    this.failures = 0;
    this.lastSuccessAt = this.nowMs();
    if (this.offlineSince !== null) {
      this.log.info('sync.online', { offlineSince: iso(this.offlineSince), offlineSeconds: Math.round((this.lastSuccessAt - this.offlineSince) / 1000), queueDepth: this.store.outboxDepth() });
      this.offlineSince = null;
    }
    this.lastError = feedProblem ? { code: feedProblem, at: iso(this.nowMs()) } : null;
    this.setState('online');
    this.emit('cycle', report);
    return report;
  }

  /** A record the server refused for good is set aside (the store raises DEAD_LETTER); the log says which and why. */
  private deadLettered(kind: 'visit' | 'alert', id: string, reason: string, moved: boolean): void {
    if (moved) this.log.warn('sync.dead_letter', { kind, id, reason, deadLetters: this.store.deadLetterCount() });
  }

  private async sendHeartbeat(client: HttpClient): Promise<CallResult<'heartbeat'>> {
    const meta = this.store.riskListMeta();
    const age = this.riskListAgeSeconds();
    return client.call('heartbeat', {
      body: {
        appVersion: this.opts.appVersion,
        queueDepth: this.store.outboxDepth(),
        deadLetterCount: this.store.deadLetterCount(),
        riskListVersion: meta?.version ?? null,
        riskListAgeSeconds: age === null ? null : Math.max(0, Math.round(age)),
        lastSyncAt: this.lastSuccessAt === null ? null : iso(this.lastSuccessAt),
        clockOffsetMs: Math.round(this.tracker.offsetMs ?? 0),
        deviceTime: iso(this.nowMs()),
        policyVersion: appliedPolicyVersion(this.store.getDeviceConfig()?.policy ?? {}),
      },
    });
  }

  /** Unsent visits are never dropped; as they near the server's retention, staff are told. */
  private checkRetention(cfg: DeviceConfig): void {
    const oldest = this.store.oldestUnackedVisitAt();
    const sync = (cfg.policy['sync'] ?? {}) as { serverRetentionDays?: number };
    const retentionDays = sync.serverRetentionDays ?? 21;
    const warnAt = (retentionDays - this.opts.retentionWarnDays) * 86_400_000;
    if (oldest && this.nowMs() - Date.parse(oldest) > warnAt) {
      this.store.raiseAlert({
        code: 'SERVER_RETENTION_NEAR',
        severity: 'critical',
        message: { id: 'Ada kunjungan yang belum terkirim dan hampir melewati masa simpan server', en: 'Some unsent visits are close to the server retention period' },
        detail: { oldestUnsentAt: oldest, retentionDays },
      });
    } else {
      this.store.resolveAlert('SERVER_RETENTION_NEAR');
    }
  }

  // ------------------------------------------------------------------ gate-side helpers

  /**
   * On-demand lookup for a visitor whose template is not cached. Resolves within the lookup timeout
   * whatever the network does: the gate then decides without it (REFER), it never hangs.
   */
  async lookupRegistration(nikHash: string, timeoutMs = this.opts.lookupTimeoutMs): Promise<LookupResult> {
    const cfg = this.config();
    if (!cfg) return { kind: 'unavailable', reason: 'NOT_ENROLLED' };
    const client = this.httpClient(cfg);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<LookupResult>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'unavailable', reason: 'TIMEOUT' }), timeoutMs + 50);
    });
    try {
      return await Promise.race([lookupRegistration(this.store, client, nikHash, timeoutMs), deadline]);
    } catch {
      return { kind: 'unavailable', reason: 'ERROR' };
    } finally {
      clearTimeout(timer);
    }
  }

  private riskListAgeSeconds(): number | null {
    const ageMs = riskListAgeMs(this.store.riskListMeta(), this.nowMs());
    return ageMs === null ? null : Math.max(0, ageMs / 1000);
  }

  status(): SyncStatus {
    const meta = this.store.riskListMeta();
    const offset = this.tracker.offsetMs;
    return {
      state: this.state,
      online: this.state === 'online' || (this.state === 'syncing' && this.failures === 0),
      queueDepth: this.store.outboxDepth(),
      alertQueueDepth: this.store.alertOutboxDepth(),
      lastSuccessfulSyncAt: this.lastSuccessAt === null ? null : iso(this.lastSuccessAt),
      lastAttemptAt: this.lastAttemptAt === null ? null : iso(this.lastAttemptAt),
      lastError: this.lastError ?? (this.revokedReason ? { code: this.revokedReason, at: iso(this.nowMs()) } : null),
      consecutiveFailures: this.failures,
      nextAttemptAt: this.nextAttemptAt === null ? null : iso(this.nextAttemptAt),
      riskListVersion: meta?.version ?? null,
      riskListAgeSeconds: this.riskListAgeSeconds(),
      riskListExpiresAt: meta?.expiresAt ?? null,
      clockOffsetMs: offset,
      clockOff: offset !== null && Math.abs(offset) > CLOCK_SUSPECT_MS,
    };
  }

  private setState(s: SyncState): void {
    if (this.state === s && s !== 'online') return;
    this.state = s;
    this.emit('status', this.status());
  }
}
