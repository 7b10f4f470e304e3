import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REQUIRE_DRIVER_ENV } from './driver-contract.fixture.js';
import { loadNodeSqlite } from './open-sqlite.js';

/** Where scripts/fetch-node22.sh puts the binary; CONVSTUDIO_NODE22 names another. */
export const NODE22_DEFAULT = join(homedir(), '.cache', 'convstudio', 'node22', 'bin', 'node');

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const candidate = process.env.CONVSTUDIO_NODE22 || NODE22_DEFAULT;

/** Why this test cannot run here, or `undefined` when it can. */
function skipReason(): string | undefined {
  // Under a Node that has node:sqlite, drivers.test.ts and the others already run it in this process.
  if (loadNodeSqlite()) return `this Node (${process.version}) has node:sqlite itself`;
  if (!existsSync(candidate)) return `no Node 22 binary at ${candidate} (set CONVSTUDIO_NODE22, or run packages/lab-store/scripts/fetch-node22.sh)`;
  const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) return `${candidate} does not run: ${version.error?.message ?? version.stderr}`;
  const [major, minor] = version.stdout.trim().slice(1).split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 13)) return `${candidate} is Node ${version.stdout.trim()}; node:sqlite needs 22.13 or later`;
  return undefined;
}

const reason = skipReason();
// CI fetches the binary (.ci/run runs scripts/fetch-node22.sh): there a missing one is a failure,
// not a skip, or the node:sqlite driver the desktop uses would go untested without anyone noticing.
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';
if (inCi && reason && !loadNodeSqlite()) {
  describe('node:sqlite under Node 22 in CI', () => {
    it('has a Node 22 binary to run on', () => {
      expect.fail(`CI must test the node:sqlite driver, but ${reason}`);
    });
  });
}
// Vitest's own entry, run by the other binary.
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

interface JsonReport {
  numFailedTests: number;
  numPassedTests: number;
  testResults: { assertionResults: { ancestorTitles: string[]; status: string; title: string }[] }[];
}

// Node here is 20 (no node:sqlite), so the node:sqlite driver is checked by running this
// package's driver, store and kill suites again under a Node 22 binary, where node:sqlite is
// required: a skip there fails.
describe.skipIf(reason)(`node:sqlite under Node 22${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it('passes the driver contract, the run store suite and the kill test', () => {
    const run = spawnSync(candidate, [vitest, 'run', '--reporter=json', 'src/drivers.test.ts', 'src/run-store.test.ts', 'src/kill.test.ts'], {
      cwd: packageRoot,
      encoding: 'utf8',
      env: { ...process.env, [REQUIRE_DRIVER_ENV]: 'node:sqlite', CONVSTUDIO_NODE22: '' },
      maxBuffer: 64 * 1024 * 1024,
    });
    const start = run.stdout.indexOf('{');
    expect(start, `no JSON report from Vitest under ${candidate}:\n${run.stdout}\n${run.stderr}`).toBeGreaterThanOrEqual(0);
    const report = JSON.parse(run.stdout.slice(start)) as JsonReport;
    const results = report.testResults.flatMap((f) => f.assertionResults);
    const failed = results.filter((r) => r.status === 'failed').map((r) => `${r.ancestorTitles.join(' > ')} > ${r.title}`);
    expect(failed, run.stderr).toEqual([]);
    expect(run.status).toBe(0);
    // The node:sqlite suites ran (passed), not skipped.
    const passedOnNodeSqlite = results.filter((r) => r.status === 'passed' && r.ancestorTitles[0] === 'node:sqlite');
    expect(passedOnNodeSqlite.length).toBeGreaterThanOrEqual(12);
  }, 300_000);

  it('opens with node:sqlite by default and prints nothing (the experimental warning is dropped)', () => {
    const script = "const { openSqlite } = await import('./src/open-sqlite.ts'); const db = openSqlite(':memory:'); console.log(db.name); db.close();";
    const run = spawnSync(candidate, ['--conditions=@convstudio/source', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: packageRoot, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('node:sqlite');
  }, 60_000);
});
