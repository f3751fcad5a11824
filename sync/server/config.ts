// Server settings with their defaults; everything can be overridden by startCityServer() options,
// main.ts flags or environment variables.
export interface ServerConfig {
  /** id of the risk list kiosks follow */
  riskListId: string;
  /** lines per risk list chunk */
  riskChunkEntries: number;
  /** validity of a signed manifest; re-signed when less than half is left */
  riskManifestTtlDays: number;
  /** validity of the signed head (list freshness statement) */
  riskHeadTtlHours: number;
  /** deltas kept for this many versions; kiosks further behind get a snapshot */
  riskKeepDeltaVersions: number;
  heartbeatSeconds: number;
  /** no heartbeat/request for this long: the device is listed as silent */
  silentAfterSeconds: number;
  /** risk list older than this on a kiosk: listed as stale */
  staleRiskListSeconds: number;
  retentionDays: number;
  /** how often purge + partition maintenance runs (0 = never, e.g. in tests) */
  maintenanceIntervalMs: number;
  /** assumed stay of a visit without check-out, for tracing */
  traceDwellMinutes: number;
  traceMarginMinutes: number;
  traceWindowDays: number;
  enrolmentCodeTtlHours: number;
  /** per-device token bucket */
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  /** per-IP token bucket for the unsigned enrol endpoint (stops code guessing) */
  enrolRatePerMinute: number;
  signatureSkewSeconds: number;
  qrValidityDays: number;
  /** residents' self-service (/daftar/, /saya/): registrations and identity proofs per client address per hour */
  residentRatePerHourPerAddress: number;
  /** … and per NIK per hour (each costs a face-engine run) */
  residentRatePerHourPerNik: number;
  /** console session ends after this long without a request */
  consoleIdleMinutes: number;
  /** console session ends this long after login, active or not */
  consoleSessionHours: number;
  /** mark the session cookie Secure (set when the server is behind TLS) */
  consoleSecureCookie: boolean;
  /** failed logins in a row that lock an account name (then 1 min, doubling up to 1 h) */
  consoleLoginMaxFailures: number;
  /** failed logins from one address that lock it (an office NAT shares one) */
  consoleAddressMaxFailures: number;
  /** scrypt cost of new console password hashes (r=8, p=3); tests lower it for speed */
  consoleScryptN: number;
  /**
   * the console's live alert streams re-read alerts this often in case a wake-up was lost; live delivery
   * comes from the wake-ups (this process's ingest, PostgreSQL LISTEN/NOTIFY for the others)
   */
  alertSafetyPollMs: number;
}

export const DEFAULT_CONFIG: Readonly<ServerConfig> = Object.freeze({
  riskListId: 'bogor-dinkes',
  riskChunkEntries: 50_000,
  riskManifestTtlDays: 30,
  riskHeadTtlHours: 72,
  riskKeepDeltaVersions: 30,
  heartbeatSeconds: 60,
  silentAfterSeconds: 15 * 60,
  staleRiskListSeconds: 24 * 3600,
  retentionDays: 21,
  maintenanceIntervalMs: 3600_000,
  traceDwellMinutes: 60,
  traceMarginMinutes: 15,
  traceWindowDays: 14,
  enrolmentCodeTtlHours: 24,
  rateLimitPerSecond: 50,
  rateLimitBurst: 200,
  enrolRatePerMinute: 30,
  signatureSkewSeconds: 300,
  qrValidityDays: 365,
  residentRatePerHourPerAddress: 20,
  residentRatePerHourPerNik: 5,
  consoleIdleMinutes: 30,
  consoleSessionHours: 12,
  consoleSecureCookie: false,
  consoleLoginMaxFailures: 5,
  consoleAddressMaxFailures: 30,
  consoleScryptN: 32768,
  alertSafetyPollMs: 30_000,
});
