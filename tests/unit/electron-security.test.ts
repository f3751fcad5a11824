// The Electron shell's security decisions as tables: which URLs the kiosk window may show, which
// permissions it gets, which IPC senders are answered, what the app:// handler serves, and the CSP.
import { describe, expect, it } from 'vitest';
import { appRequestPath, isAllowedNavigation, windowOpenDecision } from '../../electron/security/navigation';
import { permissionDecision } from '../../electron/security/permissions';
import { isTrustedSender } from '../../electron/security/sender';
import { kioskCsp } from '../../electron/security/csp';
import { isAllowedHostHeader, isAllowedOrigin, isLoopbackAddress } from '../../electron/security/loopback';

describe('navigation', () => {
  it.each([
    ['app://kiosk/index.html', true],
    ['app://kiosk/', true],
    ['app://kiosk/staff?x=1#y', true],
    ['app://evil/index.html', false],
    ['https://example.com/', false],
    ['http://127.0.0.1:5173/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>1</script>', false],
    ['about:blank', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedNavigation(url)).toBe(allowed);
  });

  it('never opens a new window', () => {
    expect(windowOpenDecision('app://kiosk/index.html')).toEqual({ action: 'deny' });
    expect(windowOpenDecision('https://example.com')).toEqual({ action: 'deny' });
  });

  it.each([
    ['app://kiosk/', 'index.html'],
    ['app://kiosk/index.html', 'index.html'],
    ['app://kiosk/assets/app-1.js', 'assets/app-1.js'],
    ['app://kiosk/assets/../index.html', 'index.html'],
    // URL parsing resolves encoded dot segments at the root: the path stays inside the build folder
    ['app://kiosk/%2e%2e/%2e%2e/etc/passwd', 'etc/passwd'],
    ['app://kiosk/..%2f..%2fetc/passwd', null],
    ['app://kiosk/a%5c..%5cb', null],
    ['app://kiosk/a%00b', null],
    ['app://other/index.html', null],
  ])('app:// request %s serves %s', (url, file) => {
    expect(appRequestPath(url)).toBe(file);
  });
});

describe('permissions', () => {
  const ours = 'app://kiosk/index.html';
  it.each([
    [{ permission: 'media', requestingUrl: ours, mediaTypes: ['video'] }, true],
    [{ permission: 'media', requestingUrl: ours }, true],
    [{ permission: 'media', requestingUrl: ours, mediaTypes: ['audio'] }, false],
    [{ permission: 'media', requestingUrl: ours, mediaTypes: ['video', 'audio'] }, false],
    [{ permission: 'media', requestingUrl: ours, mediaTypes: [] }, false],
    [{ permission: 'media', requestingUrl: ours, mediaTypes: ['video'], isMainFrame: false }, false],
    [{ permission: 'media', requestingUrl: 'https://evil.example/', mediaTypes: ['video'] }, false],
    [{ permission: 'geolocation', requestingUrl: ours }, false],
    [{ permission: 'notifications', requestingUrl: ours }, false],
    [{ permission: 'clipboard-read', requestingUrl: ours }, false],
    [{ permission: 'display-capture', requestingUrl: ours }, false],
    [{ permission: 'hid', requestingUrl: ours }, false],
  ])('%o → %s', (ask, allowed) => {
    expect(permissionDecision(ask)).toBe(allowed);
  });
});

describe('IPC sender', () => {
  it.each([
    [{ frameUrl: 'app://kiosk/index.html', isMainFrame: true }, true],
    [{ frameUrl: 'app://kiosk/index.html', isMainFrame: false }, false],
    [{ frameUrl: 'https://evil.example/', isMainFrame: true }, false],
    [{ frameUrl: 'app://kiosk.evil/index.html', isMainFrame: true }, false],
    [{ frameUrl: 'file:///tmp/x.html', isMainFrame: true }, false],
    [{ frameUrl: null, isMainFrame: true }, false],
    [{ frameUrl: undefined, isMainFrame: true }, false],
  ])('%o → %s', (sender, trusted) => {
    expect(isTrustedSender(sender)).toBe(trusted);
  });
});

describe('CSP', () => {
  const csp = kioskCsp();
  it('allows nothing by default, no inline script or eval, no remote origin', () => {
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;|$)/);
    expect(csp).not.toContain("'unsafe-inline'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toMatch(/https?:/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });
});

describe('loopback host', () => {
  it.each([
    ['127.0.0.1', true],
    ['::1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['192.168.1.10', false],
  ])('listen on %s → %s', (h, ok) => expect(isLoopbackAddress(h)).toBe(ok));

  it.each([
    ['127.0.0.1:8080', true],
    ['localhost:8080', true],
    ['127.0.0.1:8081', false],
    ['evil.example:8080', false],
    [undefined, false],
  ])('Host header %s → %s', (h, ok) => expect(isAllowedHostHeader(h, 8080)).toBe(ok));

  it.each([
    [undefined, true],
    ['http://127.0.0.1:8080', true],
    ['http://127.0.0.1:9999', false],
    ['https://evil.example', false],
    ['null', false],
  ])('Origin %s → %s', (o, ok) => expect(isAllowedOrigin(o, 8080)).toBe(ok));
});
