import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// electron-builder cannot package here (it downloads Electron for each target), so this checks
// what can be checked: the config passes app-builder-lib's own schema and names every target.
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(dir: string, path: string, options: null): Promise<Record<string, unknown>>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util/out/DebugLogger') as { DebugLogger: new (enabled: boolean) => unknown };
const studioDir = fileURLToPath(new URL('..', import.meta.url));

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema and packs AppImage, deb, dmg and nsis from out/ only", async () => {
    const config = await getConfig(studioDir, 'electron-builder.yml', null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config).toMatchObject({
      appId: 'org.convstudio.studio',
      linux: { target: ['AppImage', 'deb'] },
      mac: { target: ['dmg'] },
      win: { target: ['nsis'] },
      files: [{ filter: expect.arrayContaining(['out/**/*', 'package.json', '!node_modules{,/**/*}']) }],
      electronFuses: { runAsNode: false, onlyLoadAppFromAsar: true, enableNodeOptionsEnvironmentVariable: false },
    });
    expect((require(`${studioDir}package.json`) as { main: string }).main).toBe('out/main/index.js');
  });
});
