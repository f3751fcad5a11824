// A visitor at the gate goes before the sync agent's background work. From the scan to the decision the
// gate's thread raises a flag in the buffer it shares with the agent's thread; between the slices of a
// risk list apply (and between the agent's verify/apply steps) the agent's thread waits while the flag is
// up. Why: on a 2-core tablet the apply takes the core the face engine's worker needs, so a visitor's check
// took 2.3–4 s during a first 1M list instead of 1.7–2.5 s; the list can wait a few seconds, the visitor
// should not. The wait is bounded (VISITOR_HOLD_CAP_MS per visitor) so a stuck flag or a visitor who walks
// away mid-check cannot starve sync.
//
// An Atomics flag rather than a message to the worker: the worker is inside a synchronous apply (a
// better-sqlite3 transaction loop) for seconds, so it would read a message only after the apply; the
// shared flag it reads between slices at once.

/** the longest one visitor holds the agent's apply back */
export const VISITOR_HOLD_CAP_MS = 10_000;

/** The gate's side: `active(true)` at a scan, `active(false)` once decided (or abandoned). */
export interface VisitorSignal {
  active(on: boolean): void;
}

/**
 * flag[0]: 0 = no visitor; otherwise the number of the visitor being checked (a new number per visitor,
 * so the agent's thread knows a new hold began and its cap starts again).
 */
export function visitorSignal(flag: Int32Array): VisitorSignal {
  let visitor = 0;
  return {
    active(on) {
      if (on) {
        if (Atomics.load(flag, 0) !== 0) return;
        visitor = (visitor % 0x3fffffff) + 1;
        Atomics.store(flag, 0, visitor);
      } else {
        if (Atomics.load(flag, 0) === 0) return;
        Atomics.store(flag, 0, 0);
        Atomics.notify(flag, 0);
      }
    },
  };
}

export interface GiveWayOptions {
  capMs?: number;
  now?: () => number;
  /** told once per visitor the agent waited for, with how long (ms) and whether the cap ended it */
  onHeld?: (heldMs: number, capped: boolean) => void;
}

/**
 * The agent's side (its own thread only: it blocks with Atomics.wait): returns at once when no visitor is
 * being checked; otherwise when the flag drops or this visitor's hold reached the cap. Past the cap the
 * same visitor no longer holds the agent back (the next visitor does again).
 */
export function giveWayToVisitor(flag: Int32Array, opts: GiveWayOptions = {}): () => void {
  const capMs = opts.capMs ?? VISITOR_HOLD_CAP_MS;
  const now = opts.now ?? Date.now;
  let holder = 0;
  let holdStart = 0;
  /** the visitor whose cap ran out: it no longer holds the agent back */
  let spent = 0;
  return () => {
    const started = now();
    let waited = false;
    let capped = false;
    for (;;) {
      const v = Atomics.load(flag, 0);
      if (v === 0 || v === spent) break;
      if (v !== holder) {
        holder = v;
        holdStart = now();
      }
      const left = holdStart + capMs - now();
      if (left <= 0) {
        spent = v;
        capped = true;
        break;
      }
      waited = true;
      Atomics.wait(flag, 0, v, Math.min(left, 1000));
    }
    if (waited) opts.onHeld?.(now() - started, capped);
  };
}
