// The gate's words that every layer shares: the liveness challenge a visitor is asked for and the
// mode of a gate (entry or exit). Pure (zod and nothing else), so the contract, the kiosk, the sync
// agent, the server and the face engine (models/, which may import only this module of ours) all take
// the same list: a challenge added here is known everywhere or fails to compile.
import { z } from 'zod';

export const CHALLENGES = ['none', 'blink', 'turn'] as const;
/** The liveness challenge the visitor is asked for (none: the passive and motion checks only). */
export const Challenge = z.enum(CHALLENGES);
export type Challenge = z.infer<typeof Challenge>;

export const GATE_MODES = ['entry', 'exit'] as const;
/** What a gate does with a read: admit in (entry) or check out (exit, never blocked). */
export const GateMode = z.enum(GATE_MODES);
export type GateMode = z.infer<typeof GateMode>;
