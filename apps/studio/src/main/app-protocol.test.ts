import { describe, expect, it } from 'vitest';
import { mimeType, resolveAppFile } from './app-protocol.js';

const root = '/opt/convstudio/out/renderer';

describe('the app:// protocol', () => {
  it('serves files under the renderer folder', () => {
    expect(resolveAppFile('app://studio/index.html', root)).toBe(`${root}/index.html`);
    expect(resolveAppFile('app://studio/', root)).toBe(`${root}/index.html`);
    expect(resolveAppFile('app://studio/assets/index-abc.js?x=1', root)).toBe(`${root}/assets/index-abc.js`);
  });

  it('refuses other hosts and any way out of the folder', () => {
    expect(resolveAppFile('app://other/index.html', root)).toBeUndefined();
    // The URL parser already folds literal and %2e dot segments, so these stay inside the folder.
    expect(resolveAppFile('app://studio/../../../etc/passwd', root)).toBe(`${root}/etc/passwd`);
    expect(resolveAppFile('app://studio/%2e%2e/%2e%2e/etc/passwd', root)).toBe(`${root}/etc/passwd`);
    // An encoded slash survives the parser and is decoded here: the check after joining catches it.
    expect(resolveAppFile('app://studio/assets/%2e%2e%2f%2e%2e%2fsecret', root)).toBeUndefined();
    expect(resolveAppFile('app://studio/%00', root)).toBeUndefined();
    expect(resolveAppFile('app://studio/%E0%A4%A', root)).toBeUndefined();
    expect(resolveAppFile('file:///etc/passwd', root)).toBeUndefined();
  });

  it('gives module scripts a JavaScript type', () => {
    expect([mimeType('a.js'), mimeType('a.html'), mimeType('a.bin')]).toEqual(['text/javascript', 'text/html; charset=utf-8', 'application/octet-stream']);
  });
});
