import { type UserConfig } from 'vitest/config';
/**
 * The test setup every package shares: `@convstudio/*` imports resolve to TypeScript source
 * through the `@convstudio/source` export condition, so tests never need a build. Vitest runs
 * tests server-side, where conditions come from `ssr.resolve`, hence both settings.
 */
export declare function packageTestConfig(options?: {
    testTimeout?: number;
}): UserConfig;
//# sourceMappingURL=vitest.shared.d.ts.map