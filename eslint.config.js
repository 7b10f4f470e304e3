// Shared lint rules: type-aware checks are left to `tsc` (the typecheck target);
// eslint guards habits the compiler does not see.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Package boundaries: no package reaches into another's folders (source, benchmarks or tests);
 * it imports what the other package exports. `extra` adds a package's own rules, e.g. that core
 * imports no other package. Each package's eslint config applies this with its own additions
 * (a later `no-restricted-imports` replaces an earlier one, so the shared patterns travel along).
 */
export function boundaries(extra = []) {
  const patterns = [
    {
      group: ['**/packages/*/src/**', '**/packages/*/bench/**', '**/apps/*/src/**', '**/core/bench/**', '**/gpu/bench/**', '@convstudio/*/src/**', '@convstudio/*/bench/**'],
      message: "Import what the other package exports (its package name and subpaths), not files in its folders; benchmarks share code through @convstudio/bench-meta.",
    },
    ...extra,
  ];
  return { files: ['**/*.{ts,tsx,js,mjs}'], rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/out/**', '**/out-tsc/**', '**/test-results/**', '**/.nx/**', '**/.stryker-tmp/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  boundaries(),
);
