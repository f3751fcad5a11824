// The gate's connection to the kiosk database, marked while in use. The sync agent's thread has its own
// connection to the same file; SQLite lets only one of them write at a time, so the agent's long writes
// (a 1M-entry risk list goes in in slices) check this counter between slices and let the gate's short
// call (record a visit, a check-out) go first instead of making it wait for the whole list.
import type { KioskStore } from '../store/types';

export function gateConnection(store: KioskStore, busy: Int32Array): KioskStore {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      let fn = wrapped.get(prop);
      if (!fn) {
        const method = value as (...args: unknown[]) => unknown;
        fn = (...args: unknown[]): unknown => {
          Atomics.add(busy, 0, 1);
          try {
            return method.apply(target, args);
          } finally {
            Atomics.sub(busy, 0, 1);
            Atomics.notify(busy, 0);
          }
        };
        wrapped.set(prop, fn);
      }
      return fn;
    },
  });
}
