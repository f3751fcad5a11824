// UUIDv7 ids from the store's injectable clock, monotonic within this process: ids made in the same
// millisecond (or after a small step back of the clock) still sort in the order they were made, so the
// outbox, keyed by visit id, drains in recording order. A large backwards jump of the clock (> 1 s, a
// correction) starts again from the new time.
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Clock } from './types';

const MAX_STEP_BACK_MS = 1000;

export function uuidV7Generator(clock: Clock): () => string {
  let lastMs = Number.NEGATIVE_INFINITY;
  let seq = 0;
  return () => {
    const now = clock.now().getTime();
    const random = randomBytes(16);
    if (now > lastMs || now < lastMs - MAX_STEP_BACK_MS) {
      lastMs = now;
      // random start in the lower half of the 31-bit counter leaves room to count up within the millisecond
      seq = random.readUInt32BE(6) & 0x3fffffff;
    } else {
      seq++;
      if (seq > 0x7fffffff) {
        lastMs++;
        seq = 0;
      }
    }
    return uuidv7({ msecs: lastMs, seq, random });
  };
}
