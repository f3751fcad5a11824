// The gate service behind the kiosk API contract, plain Node (no Electron): both hosts (Electron IPC and
// the browser host's HTTP) call `dispatch`, which validates the arguments with the contract's schemas and
// never lets an exception escape — every answer is a `Result`.
import type { Answers, ArgsOf, Channel, KioskApi, Result } from '../contract/kiosk-api';
import { channels } from '../contract/kiosk-api';
import type { KioskContext } from './context';
import { createContext } from './context';
import type { KioskDeps } from './deps';
import type { FaceSessions } from './face-sessions';
import { createFaceSessions } from './face-sessions';
import { KioskError, MESSAGES, errorOf, storeErrorToApi } from './messages';
import { provision } from './provisioning';
import { registerVisitor } from './registration-flow';
import { handleScan } from './scan-flow';
import { overrideDecision, pinHashes, recentDecisions, staffCheckOut, staffUnlock } from './staff-flow';
import { diagnostics, exportLogs, kioskState } from './state';

type Handlers = { [C in Channel]: (args: ArgsOf<C>) => Answers[C] | Promise<Answers[C]> };

/**
 * Tells the sync agent while a visitor is being checked — a scan in flight or a face check open — so its
 * background list apply gives way (deps.ts visitorAtGate). Re-read after every call that can end a check.
 */
function visitorTracker(ctx: KioskContext, faces: FaceSessions) {
  let scans = 0;
  const update = (): void => ctx.deps.sync.visitorAtGate?.(scans > 0 || faces.active() > 0);
  return {
    update,
    /** a call that may end a face check (a frame's decision) */
    async around<T>(call: () => Promise<T>): Promise<T> {
      try {
        return await call();
      } finally {
        update();
      }
    },
    /** a scan: the visitor counts from here, and after it while its face check is open */
    async scan<T>(call: () => Promise<T>): Promise<T> {
      scans++;
      update();
      try {
        return await call();
      } finally {
        scans--;
        update();
      }
    },
  };
}

function handlers(ctx: KioskContext, faces: FaceSessions): Handlers {
  const visitor = visitorTracker(ctx, faces);
  return {
    getState: () => kioskState(ctx),
    submitScan: (a) => visitor.scan(() => handleScan(ctx, faces, a)),
    submitFrame: (a) => visitor.around(() => faces.submitFrame(a.sessionId, a.jpegBase64)),
    cancelSession: (a) => {
      const cancelled = faces.cancel(a.sessionId);
      visitor.update();
      return { cancelled };
    },
    staffUnlock: (a) => staffUnlock(ctx, a.pin),
    staffLock: (a) => {
      ctx.auth.lock(a.token);
      return { locked: true as const };
    },
    recentDecisions: (a) => recentDecisions(ctx, a.token),
    override: (a) => overrideDecision(ctx, a),
    registerVisitor: (a) => registerVisitor(ctx, a),
    checkOut: (a) => staffCheckOut(ctx, a.token, a.visitId),
    provision: (a) => provision(ctx, a),
    setCamera: (a) => {
      const s = ctx.auth.require(a.token);
      if (s.role !== 'admin') throw KioskError.of('ADMIN_ONLY');
      ctx.deps.settings.save({ ...ctx.deps.settings.load(), cameraId: a.cameraId });
      ctx.deps.store.appendAudit({ actor: s.role, action: 'device.camera' });
      return { cameraId: a.cameraId };
    },
    reportCameraFps: (a) => {
      ctx.metrics.cameraFps = a.fps;
      return { recorded: true as const };
    },
    diagnostics: (a) => {
      ctx.auth.require(a.token);
      return diagnostics(ctx);
    },
    exportLogs: (a) => {
      const s = ctx.auth.require(a.token);
      ctx.deps.store.appendAudit({ actor: s.role, action: 'logs.export' });
      return exportLogs(ctx);
    },
    exitKiosk: (a) => {
      const admin = ctx.deps.settings.load().adminPinHash;
      ctx.auth.checkPin(a.pin, admin ? [admin] : pinHashes(ctx).map((h) => h.hash));
      if (!ctx.deps.onExit) throw KioskError.of('EXIT_UNAVAILABLE');
      ctx.deps.store.appendAudit({ actor: 'admin', action: 'kiosk.exit' });
      ctx.deps.log.info('kiosk.exit');
      // Answer first, then leave: the screen should not see a dropped call.
      setTimeout(() => ctx.deps.onExit?.(), 50);
      return { exiting: true };
    },
  };
}

export interface KioskService {
  /** Host entry point: any channel name and untrusted args in, a `Result` out; never throws. */
  dispatch(channel: string, args: unknown): Promise<Result<unknown>>;
  /** The same, typed: what the preload and the HTTP client expose to the screens. */
  api: KioskApi;
  context: KioskContext;
  close(): void;
}

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(channels, name);
}

export function createKioskService(deps: KioskDeps): KioskService {
  const ctx = createContext(deps);
  const faces = createFaceSessions(ctx);
  const table = handlers(ctx, faces);

  async function dispatch(channel: string, args: unknown): Promise<Result<unknown>> {
    if (!isChannel(channel)) return { ok: false, error: { code: 'BAD_CHANNEL', message: MESSAGES.BAD_ARGS } };
    const parsed = channels[channel].safeParse(args ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      deps.log.info('api.bad_args', { channel, path: issue?.path.join('.') ?? '', problem: issue?.code ?? 'invalid' });
      return { ok: false, error: errorOf('BAD_ARGS') };
    }
    try {
      const handler = table[channel] as (a: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (err) {
      if (err instanceof KioskError) return { ok: false, error: err.error };
      const known = storeErrorToApi(err);
      if (known) {
        deps.log.error('api.store_failed', { channel, code: known.code });
        return { ok: false, error: known };
      }
      deps.log.error('api.failed', { channel, error: err });
      return { ok: false, error: errorOf('INTERNAL') };
    }
  }

  const api = Object.fromEntries(
    (Object.keys(channels) as Channel[]).map((c) => [c, (args: unknown) => dispatch(c, args)]),
  ) as unknown as KioskApi;

  return {
    dispatch,
    api,
    context: ctx,
    close() {
      faces.cancelAll();
      deps.sync.visitorAtGate?.(false);
    },
  };
}
