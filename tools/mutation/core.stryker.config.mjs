// StrykerJS on a slice of @convstudio/core: analysis (receptive field, count format), the
// TypeScript pooling kernels, and the conformance suite's comparison. Run from packages/core
// (`npm run mutation:core` at the root); the sandbox is packages/core/.stryker-tmp. Not part of
// `npm test`. MUTATE (comma-separated globs) overrides the scope, e.g. MUTATE=src/ops/*.ts.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: process.env.MUTATE?.split(',') ?? [
    'src/analysis/receptive-field.ts',
    'src/analysis/format-count.ts',
    'src/cpu/pool.ts',
    'src/testing/compare.ts',
  ],
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 60000,
  tempDirName: '.stryker-tmp',
  // The tests need src/ (fixtures included) and assembly/; the benchmarks and examples stay out,
  // and so do the fuzz tests: they bound wall-clock time per case, which instrumented code on a
  // shared machine overruns (they failed the initial run), and they cover none of this scope's logic.
  ignorePatterns: ['bench', 'examples', 'dist', 'out-tsc', 'src/fuzz'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: '../../reports/mutation/core/index.html' },
  jsonReporter: { fileName: '../../reports/mutation/core/mutation.json' },
  thresholds: { high: 90, low: 75, break: null },
};
