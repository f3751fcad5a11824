// The kiosk API over HTTP, for the browser host on 127.0.0.1. Same shape as Electron's `window.kiosk`:
// every channel is POST `/api/v1/<channel>` with the JSON args, answered with the `Result` JSON.
// Transport failures become a Result error too, so a screen never has to catch.
import { API_PREFIX, API_TOKEN_HEADER, type ApiError, type Answers, type ArgsOf, type Channel, type KioskApi, type Result } from '../../electron/contract/kiosk-api';

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal }) => Promise<{
  status: number;
  json(): Promise<unknown>;
}>;

export interface HttpClientOptions {
  /** e.g. "http://127.0.0.1:5173"; "" means the page's own origin */
  baseUrl: string;
  /** a per-launch token the host may require (sent in the API_TOKEN_HEADER header) */
  token?: string | null;
  fetch?: FetchLike;
  /** a call that hangs longer than this fails with HOST_TIMEOUT */
  timeoutMs?: number;
}

const hostError = (code: string, id: string, en: string): { ok: false; error: ApiError } => ({ ok: false, error: { code, message: { id, en } } });

function isResult(body: unknown): body is Result<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  const b = body as { ok: unknown; value?: unknown; error?: unknown };
  if (b.ok === true) return 'value' in b;
  if (b.ok !== false || typeof b.error !== 'object' || b.error === null) return false;
  const e = b.error as { code?: unknown; message?: { id?: unknown; en?: unknown } };
  return typeof e.code === 'string' && typeof e.message?.id === 'string' && typeof e.message.en === 'string';
}

export function createHttpKioskApi(options: HttpClientOptions): KioskApi {
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const timeoutMs = options.timeoutMs ?? 15_000;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-jejak-kiosk': '1' };
  if (options.token) headers[API_TOKEN_HEADER] = options.token;

  async function call<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<Result<Answers[C]>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await doFetch(`${options.baseUrl}${API_PREFIX}/${channel}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(args),
        signal: controller.signal,
      });
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        return hostError('HOST_BAD_ANSWER', `Layanan kios menjawab tidak sah (HTTP ${res.status})`, `The kiosk service gave an invalid answer (HTTP ${res.status})`);
      }
      if (!isResult(body)) {
        return hostError('HOST_BAD_ANSWER', `Layanan kios menjawab tidak sah (HTTP ${res.status})`, `The kiosk service gave an invalid answer (HTTP ${res.status})`);
      }
      return body as Result<Answers[C]>;
    } catch (err) {
      if (controller.signal.aborted) return hostError('HOST_TIMEOUT', 'Layanan kios tidak menjawab', 'The kiosk service did not answer');
      return hostError('HOST_UNREACHABLE', 'Layanan kios tidak terhubung', `The kiosk service is not reachable (${err instanceof Error ? err.message : 'network error'})`);
    } finally {
      clearTimeout(timer);
    }
  }

  // Spelled out per channel so that `satisfies` fails the build when the contract gains a channel.
  return {
    getState: (a) => call('getState', a),
    submitScan: (a) => call('submitScan', a),
    submitFrame: (a) => call('submitFrame', a),
    cancelSession: (a) => call('cancelSession', a),
    staffUnlock: (a) => call('staffUnlock', a),
    staffLock: (a) => call('staffLock', a),
    recentDecisions: (a) => call('recentDecisions', a),
    override: (a) => call('override', a),
    registerVisitor: (a) => call('registerVisitor', a),
    checkOut: (a) => call('checkOut', a),
    provision: (a) => call('provision', a),
    setCamera: (a) => call('setCamera', a),
    reportCameraFps: (a) => call('reportCameraFps', a),
    diagnostics: (a) => call('diagnostics', a),
    exportLogs: (a) => call('exportLogs', a),
    exitKiosk: (a) => call('exitKiosk', a),
  } satisfies KioskApi;
}
