/* global process */
// StrykerJS on the studio's main-process file code: atomic writes, the project/weights pair,
// the path allow-list, autosave and recovery, the recent list and the open-file queue. Run from
// apps/studio (`npm run mutation:studio` at the root; MUTATE=glob,glob overrides the scope); the
// sandbox is apps/studio/.stryker-tmp. Not part of `npm test`: it reruns the related tests per mutant.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: process.env.MUTATE?.split(',') ?? [
    'src/main/atomic-write.ts',
    'src/main/project-file.ts',
    'src/main/file-access.ts',
    'src/main/autosave.ts',
    'src/main/recent-files.ts',
    'src/main/open-queue.ts',
  ],
  ignoreStatic: true,
  concurrency: 1,
  timeoutMS: 30000,
  tempDirName: '.stryker-tmp',
  // The end-to-end tests need a built renderer and Chromium. The kill test saves in child
  // processes, which never see the mutant Stryker activates in the test process, so it can kill
  // none and would only add its 15-30 s to every mutant it covers.
  ignorePatterns: ['e2e', 'bench', 'docs', 'dist', 'out', 'src/main/save-kill.test.ts'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: '../../reports/mutation/studio/index.html' },
  jsonReporter: { fileName: '../../reports/mutation/studio/mutation.json' },
  thresholds: { high: 90, low: 75, break: null },
};
