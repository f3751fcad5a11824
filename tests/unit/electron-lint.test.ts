// The electronegativity lint step must catch an insecure Electron main process (the tool exits 0 on
// findings, so this proves our wrapper reads its report).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runElectronegativity } from '../lint/electronegativity';

describe('electronegativity wrapper', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eneg-bad-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the findings of an insecure window', () => {
    writeFileSync(
      path.join(dir, 'main.js'),
      `const { app, BrowserWindow } = require('electron');
app.whenReady().then(() => {
  const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });
  w.loadURL('http://example.com/');
});
`,
    );
    const findings = runElectronegativity(dir);
    const checks = new Set(findings.map((f) => f.check));
    expect(checks).toContain('SANDBOX_JS_CHECK');
    expect(checks).toContain('LIMIT_NAVIGATION_GLOBAL_CHECK');
    expect(checks).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(checks).toContain('WEB_SECURITY_JS_CHECK');
  });
});
