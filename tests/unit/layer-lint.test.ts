// The layer rules (eslint.config.js) are errors, and they hold: for each rule, one import that breaks it
// is linted through ESLint's own API with the repository's config, and must come back as an error; one
// import the layer may make must come back clean. A rule deleted or weakened in the config fails here.
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** Lints `import '<target>';` as if it were the file `file` and returns its import-rule errors. */
async function importErrors(file: string, target: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import '${target}';\n`, { filePath: path.join(ROOT, file) });
  expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' && m.severity === 2).map((m) => m.message);
}

// [the file that imports, what it imports, the words the error must carry (null: allowed)]
const CASES: Array<[string, string, RegExp | null]> = [
  // renderer → electron/contract only
  ['renderer/src/screens/Probe.tsx', '../../../electron/store/types', /Renderer may import only electron\/contract/],
  ['renderer/src/screens/Probe.tsx', '../../../sync/protocol/outcome', /Renderer may import only/],
  ['renderer/src/screens/Probe.tsx', '../../../electron/contract/kiosk-api', null],
  // electron → sync/protocol, sync/agent, models; never the city server
  ['electron/kiosk/probe.ts', '../../sync/server/app', /kiosk does not import the city server/],
  ['electron/app/probe.ts', '../../sync/agent/sync-agent', null],
  ['electron/app/probe.ts', '../../models/engine/types', null],
  ['electron/store/probe.ts', '../../sync/protocol/outcome', null],
  // only the composition root imports the gate service (electron/kiosk)
  ['electron/store/probe.ts', '../kiosk/service', /Only the composition root/],
  ['electron/browser-host/probe.ts', '../kiosk/service', /Only the composition root/],
  ['electron/app/probe.ts', '../kiosk/service', null],
  // the contract: zod, plain types, sync/protocol's pure vocabulary
  ['electron/contract/probe.ts', '../store/types', /contract imports only/],
  ['electron/contract/probe.ts', '../../sync/protocol/api/common', /contract imports only/],
  ['electron/contract/probe.ts', '../../sync/protocol/outcome', null],
  // sync/agent → sync/protocol only
  ['sync/agent/probe.ts', '../../electron/store/types', /Nothing outside electron\/ imports the kiosk/],
  ['sync/agent/probe.ts', '../server/app', /sync\/agent imports only sync\/protocol/],
  ['sync/agent/probe.ts', '../../models/engine/types', /sync\/agent imports only sync\/protocol/],
  ['sync/agent/probe.ts', 'better-sqlite3', /sync\/agent imports only sync\/protocol/],
  ['sync/agent/probe.ts', '../protocol/outcome', null],
  // sync/server → sync/protocol, models
  ['sync/server/probe.ts', '../../electron/kiosk/service', /Nothing outside electron\/ imports the kiosk/],
  ['sync/server/probe.ts', '../agent/sync-agent', /city server does not import the kiosk's sync agent/],
  ['sync/server/probe.ts', '../protocol/outcome', null],
  ['sync/server/probe.ts', '../../models/engine/types', null],
  // sync/protocol and models → nothing of ours
  ['sync/protocol/probe.ts', '../agent/ports', /sync\/protocol depends on nothing of ours/],
  ['models/engine/probe.ts', '../../sync/protocol/outcome', /models\/ imports nothing of ours/],
  // …but the gate's shared words (Challenge): that one pure module, nothing else of sync/
  ['models/engine/probe.ts', '../../sync/protocol/gate-vocabulary', null],
  ['models/eval/probe.ts', '../../sync/protocol/gate-vocabulary', null],
  ['models/engine/probe.ts', '../../sync/protocol/gate-vocabulary-extra', /models\/ imports nothing of ours/],
  ['models/engine/probe.ts', '../../sync/protocol/venue-policy', /models\/ imports nothing of ours/],
  ['models/engine/probe.ts', '../../sync/agent/ports', /models\/ imports nothing of ours/],
  ['models/engine/probe.ts', '../../sync/server/app', /models\/ imports nothing of ours/],
  ['models/engine/probe.ts', '../../sync', /models\/ imports nothing of ours/],
  ['electron/contract/probe.ts', '../../sync/protocol/gate-vocabulary', null],
  ['models/engine/probe.ts', '../../electron/store/types', /Nothing outside electron\/ imports the kiosk/],
  // nothing imports the renderer
  ['sync/server/probe.ts', '../../renderer/src/App', /Nothing imports the renderer/],
  ['electron/kiosk/probe.ts', '../../renderer/src/App', /Nothing imports the renderer/],
  ['tests/integration/probe.test.ts', '../../renderer/src/App', /Nothing imports the renderer/],
];

describe('server log lines name their event (errors, through the ESLint API)', () => {
  it('a pino (fields, message) call in sync/server is an error; eventLogger is fine', async () => {
    const lint = async (code: string) => (await eslint.lintText(code, { filePath: path.join(ROOT, 'sync/server/routes/probe.ts') }))[0]!.messages.filter((m) => m.ruleId === 'no-restricted-syntax' && m.severity === 2);
    expect(await lint("declare const req: { log: { info(o: object, m: string): void } };\nreq.log.info({ device: 'd' }, 'device enrolled');\n")).toHaveLength(1);
    expect(await lint("import { eventLogger } from '../log';\ndeclare const req: { log: never };\neventLogger(req.log).info('server.device_enrolled', { device: 'd' });\n")).toEqual([]);
  });
});

describe('layer lint rules (errors, through the ESLint API)', () => {
  it.each(CASES)('%s importing %s', async (file, target, expected) => {
    const errors = await importErrors(file, target);
    if (expected === null) expect(errors).toEqual([]);
    else expect(errors.some((m) => expected.test(m)), `errors: ${JSON.stringify(errors)}`).toBe(true);
  });
});
