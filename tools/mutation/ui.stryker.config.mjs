// StrykerJS on @convstudio/ui's pipeline-editor model modules (the logic under the React views).
// Run from packages/ui (`npm run mutation:ui` at the root; MUTATE=glob,glob overrides the scope); the sandbox is packages/ui/.stryker-tmp,
// ignored by git, Nx and ESLint. Not part of `npm test`: it reruns the related tests per mutant.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.config.ts', related: true },
  coverageAnalysis: 'perTest',
  // The default scope: see packages/ui/README.md for its run time. Every model module (add
  // clipboard, editor-keys, layout, node-summary, param-fields, param-validation, format: 1242
  // mutants, 950 of them run) would take about 70 min on two shared cores (63 done in the first
  // 4 min of an aborted run): MUTATE='src/pipeline-editor/*.ts,!src/pipeline-editor/*.test.ts,!src/pipeline-editor/*.fixture.ts'.
  mutate: process.env.MUTATE?.split(',') ?? [
    'src/pipeline-editor/history.ts',
    'src/pipeline-editor/pipeline-edits.ts',
    'src/pipeline-editor/graph-conversion.ts',
  ],
  // Static mutants (module-level constants) rerun every test file; they are few here.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 30000,
  tempDirName: '.stryker-tmp',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: '../../reports/mutation/ui/index.html' },
  jsonReporter: { fileName: '../../reports/mutation/ui/mutation.json' },
  thresholds: { high: 90, low: 75, break: null },
};
