// OpenAPI 3.1 document generated from the same zod schemas the server validates with.
import { z } from 'zod';
import { ErrorBody } from '../protocol/api/common';
import { API_ROUTES } from '../protocol/api/routes';
import type { RouteSpec } from '../protocol/api/routes';
import { SERVER_VERSION } from './version';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

function parameters(spec: RouteSpec): unknown[] {
  const out: unknown[] = [];
  const add = (schema: z.ZodType | undefined, where: 'query' | 'path') => {
    if (!schema) return;
    const js = json(schema) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, s] of Object.entries(js.properties ?? {})) out.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
  };
  add(spec.query, 'query');
  add(spec.params, 'path');
  return out;
}

let cached: unknown = null;

export function openApiDocument(): unknown {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(API_ROUTES) as Array<[string, RouteSpec]>) {
    const path = spec.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const op: Record<string, unknown> = {
      operationId: name,
      summary: spec.summary,
      parameters: parameters(spec),
      responses: {
        [String(spec.response.status)]: spec.response.schema
          ? { description: 'OK', content: { 'application/json': { schema: json(spec.response.schema) } } }
          : { description: 'OK', content: { [spec.response.contentType ?? 'application/octet-stream']: {} } },
        '4XX': { description: 'Error with a reason code', content: { 'application/json': { schema: json(ErrorBody) } } },
      },
      ...(spec.auth === 'device' ? { security: [{ deviceSignature: [] }] } : spec.auth === 'admin' ? { security: [{ adminToken: [] }] } : {}),
      ...(spec.auth === 'console' && !spec.public ? { security: [{ consoleSession: [] }, { consoleApiKey: [] }], 'x-roles': spec.roles } : {}),
    };
    if (spec.body) op.requestBody = { required: true, content: { 'application/json': { schema: json(spec.body) } } };
    (paths[path] ??= {})[spec.method.toLowerCase()] = op;
  }
  cached = {
    openapi: '3.1.0',
    info: { title: 'Jejak city server', version: SERVER_VERSION, description: 'Device requests are signed (RFC 9421, Ed25519) over ("@method" "@path" "@query" "content-digest") with created, keyid, nonce.' },
    components: {
      securitySchemes: {
        deviceSignature: { type: 'apiKey', in: 'header', name: 'Signature', description: 'RFC 9421 HTTP Message Signature with Signature-Input and Content-Digest' },
        adminToken: { type: 'http', scheme: 'bearer' },
        consoleSession: { type: 'apiKey', in: 'cookie', name: 'jejak_console', description: 'Console session (POST /v1/console/login); state-changing requests also send X-CSRF-Token' },
        consoleApiKey: { type: 'http', scheme: 'bearer', description: 'Named console API key jk_<id>_<secret> with a role' },
      },
    },
    paths,
  };
  return cached;
}
