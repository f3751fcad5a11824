// A small TCP fault proxy between the kiosk and the city server (127.0.0.1 only). Each accepted
// connection asks `plan` what to do with it, so a test can program faults connection by connection:
// pass, delay, drop (close before anything reaches the server), reset (RST), cut the request mid-body,
// cut the response mid-body, and drop the response after the server committed ("committed but lost").
import net from 'node:net';

export type ConnectionFault =
  | { kind: 'pass' }
  /** hold every chunk in both directions by `ms` */
  | { kind: 'delay'; ms: number }
  /** accept, then close cleanly without connecting upstream */
  | { kind: 'drop' }
  /** accept, then RST */
  | { kind: 'reset' }
  /** forward the first `afterBytes` bytes of the request, then RST both sides (body cut mid-way) */
  | { kind: 'cutRequest'; afterBytes: number }
  /** forward the request and the first `afterBytes` bytes of the answer, then RST */
  | { kind: 'cutResponse'; afterBytes: number }
  /** forward the whole request (the server commits), swallow the answer, RST the client */
  | { kind: 'dropResponse' }
  /** never answer: hold the connection open (the client's timeout must fire) */
  | { kind: 'blackhole' };

export type FaultPlan = (connectionNo: number) => ConnectionFault;

export interface FaultProxy {
  port: number;
  url: string;
  /** replace the per-connection plan (affects new connections only) */
  setPlan(plan: FaultPlan): void;
  /** RST every open connection now (a link going down) */
  resetAll(): void;
  stats(): Record<ConnectionFault['kind'], number> & { connections: number };
  close(): Promise<void>;
}

/**
 * `pickTarget` (optional) chooses the upstream port per connection: a load balancer in front of several
 * server processes (the scenario says which are up, as a balancer's health check would).
 */
export async function startFaultProxy(opts: { targetPort: number; pickTarget?: () => number; targetHost?: string; port?: number; plan?: FaultPlan }): Promise<FaultProxy> {
  const targetHost = opts.targetHost ?? '127.0.0.1';
  let plan: FaultPlan = opts.plan ?? (() => ({ kind: 'pass' }));
  let connections = 0;
  const counts: Record<ConnectionFault['kind'], number> = {
    pass: 0, delay: 0, drop: 0, reset: 0, cutRequest: 0, cutResponse: 0, dropResponse: 0, blackhole: 0,
  };
  const open = new Set<net.Socket>();
  const track = (s: net.Socket): void => {
    open.add(s);
    s.on('close', () => open.delete(s));
    s.on('error', () => undefined);
  };

  const server = net.createServer((client) => {
    track(client);
    const fault = plan(++connections);
    counts[fault.kind]++;
    if (fault.kind === 'drop') {
      client.end();
      return;
    }
    if (fault.kind === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (fault.kind === 'blackhole') {
      client.on('data', () => undefined);
      return;
    }
    const upstream = net.connect({ host: targetHost, port: opts.pickTarget?.() ?? opts.targetPort });
    track(upstream);
    const killBoth = (): void => {
      if (!client.destroyed) client.resetAndDestroy();
      if (!upstream.destroyed) upstream.resetAndDestroy();
    };
    const later = (fn: () => void): void => {
      if (fault.kind === 'delay') setTimeout(fn, fault.ms);
      else fn();
    };
    // A close travels in order behind the (possibly delayed) data it follows.
    client.on('close', () => later(() => { if (!upstream.destroyed) upstream.destroy(); }));
    upstream.on('close', () => later(() => { if (!client.destroyed) client.destroy(); }));
    client.on('error', killBoth);
    upstream.on('error', killBoth);

    let requestBytes = 0;
    let responseBytes = 0;
    client.on('data', (chunk: Buffer) => {
      if (fault.kind === 'cutRequest') {
        const room = fault.afterBytes - requestBytes;
        requestBytes += chunk.length;
        if (room <= 0) return killBoth();
        if (chunk.length >= room) {
          upstream.write(chunk.subarray(0, room), () => setTimeout(killBoth, 5));
          return;
        }
      }
      later(() => { if (!upstream.destroyed) upstream.write(chunk); });
    });
    upstream.on('data', (chunk: Buffer) => {
      if (fault.kind === 'dropResponse') return killBoth();
      if (fault.kind === 'cutResponse') {
        const room = fault.afterBytes - responseBytes;
        responseBytes += chunk.length;
        if (room <= 0) return killBoth();
        if (chunk.length >= room) {
          client.write(chunk.subarray(0, room), () => setTimeout(killBoth, 5));
          return;
        }
      }
      later(() => { if (!client.destroyed) client.write(chunk); });
    });
    client.on('end', () => later(() => { if (!upstream.destroyed) upstream.end(); }));
    upstream.on('end', () => later(() => { if (!client.destroyed) client.end(); }));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no TCP address');
  return {
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    setPlan: (p) => { plan = p; },
    resetAll: () => { for (const s of open) s.resetAndDestroy(); },
    stats: () => ({ ...counts, connections }),
    close: () => new Promise<void>((resolve) => {
      for (const s of open) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A plan that picks a fault at random per connection with the given weights (the rest pass). */
export function randomPlan(weights: Partial<Record<Exclude<ConnectionFault['kind'], 'pass'>, number>>, random: () => number = Math.random): FaultPlan {
  return () => {
    let x = random();
    for (const [kind, w] of Object.entries(weights) as [Exclude<ConnectionFault['kind'], 'pass'>, number][]) {
      if (x < w) {
        switch (kind) {
          case 'delay': return { kind, ms: 50 + Math.floor(random() * 400) };
          case 'cutRequest': return { kind, afterBytes: 100 + Math.floor(random() * 4000) };
          case 'cutResponse': return { kind, afterBytes: 20 + Math.floor(random() * 300) };
          default: return { kind } as ConnectionFault;
        }
      }
      x -= w;
    }
    return { kind: 'pass' };
  };
}
