// An HTTP-level proxy that can rewrite the city server's risk-list answers on the way to the kiosk:
// corrupt or truncate a chunk, replay an older (rolled back) answer, swap in an expired or badly
// signed manifest. Device request signatures cover method, path, query and body digest — not the
// host — so requests pass through it unchanged and the server authenticates them as usual.
import http from 'node:http';

export interface TamperRules {
  /** rewrite the JSON of GET /v1/risk/updates */
  updates?: (body: unknown, since: number) => unknown;
  /** rewrite the bytes of GET /v1/risk/chunks/:sha */
  chunk?: (bytes: Buffer, sha: string) => Buffer;
}

export interface TamperProxy {
  url: string;
  port: number;
  rules: TamperRules;
  /** last honest /v1/risk/updates answer per `since` (for rollback replays) */
  seen: Map<number, unknown>;
  tampered: number;
  /** "METHOD /path status" of every exchange, in the order answers came back */
  log: string[];
  close(): Promise<void>;
}

export async function startTamperProxy(targetPort: number, port = 0): Promise<TamperProxy> {
  const state: TamperProxy = { url: '', port: 0, rules: {}, seen: new Map(), tampered: 0, log: [], close: async () => undefined };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const up = http.request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers, agent }, (upRes) => {
        const body: Buffer[] = [];
        upRes.on('data', (c: Buffer) => body.push(c));
        upRes.on('end', () => {
          let out: Buffer = Buffer.concat(body);
          const u = new URL(req.url ?? '/', 'http://x');
          state.log.push(`${req.method} ${u.pathname} ${upRes.statusCode}`);
          const headers = { ...upRes.headers };
          if (upRes.statusCode === 200 && u.pathname === '/v1/risk/updates') {
            const since = Number(u.searchParams.get('since') ?? 0);
            const json = JSON.parse(out.toString('utf8')) as unknown;
            state.seen.set(since, json);
            if (state.rules.updates) {
              out = Buffer.from(JSON.stringify(state.rules.updates(json, since)));
              state.tampered++;
            }
          } else if (upRes.statusCode === 200 && u.pathname.startsWith('/v1/risk/chunks/') && state.rules.chunk) {
            out = state.rules.chunk(out, u.pathname.slice('/v1/risk/chunks/'.length));
            state.tampered++;
          }
          delete headers['transfer-encoding'];
          headers['content-length'] = String(out.length);
          res.writeHead(upRes.statusCode ?? 502, headers);
          res.end(out);
        });
      });
      up.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      up.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  state.port = (server.address() as { port: number }).port;
  state.url = `http://127.0.0.1:${state.port}`;
  state.close = () => new Promise<void>((r) => {
    agent.destroy();
    server.closeAllConnections();
    server.close(() => r());
  });
  return state;
}
