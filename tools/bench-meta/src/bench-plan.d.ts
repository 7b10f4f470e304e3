/**
 * Every committed benchmark of ConvStudio, in the order `npm run bench:all` runs them: where each
 * runs, its command, the reports and tables it rewrites and what it needs. One list, so a new
 * benchmark is added here once and the dry run (`npm run bench:all -- --dry-run`) shows it.
 *
 * @example
 * PLAN.filter((step) => step.pkg === 'core').map((step) => step.name); // ['core:conv', …]
 */
/** The packages with benchmarks, in the order the root `bench:all` runs them. */
export declare const PACKAGES: readonly ["core", "gpu", "studio", "cli"];
export type BenchPackage = (typeof PACKAGES)[number];
/** What a step needs beyond the root `npm ci`; the runner checks each before it starts the step. */
export type Need = 
/** `packages/core/bench`'s own peers (tfjs, onnxruntime-web): `ONNXRUNTIME_NODE_INSTALL=skip npm ci` there. */
'core-peers'
/** `packages/gpu/bench`'s own peers (tfjs-backend-webgpu, onnxruntime-web): `npm ci` there. */
 | 'gpu-peers'
/** Chromium at /usr/bin/chromium (Debian's `chromium`), driven by playwright-core. */
 | 'chromium'
/** `BASELINE`: another copy of core's `src/` to compare with (see train-compare-bench.ts). */
 | 'baseline';
/** One benchmark run. */
export interface BenchStep {
    /** `<package>:<benchmark>`, what `--only` matches. */
    name: string;
    pkg: BenchPackage;
    /** One line on what it times. */
    what: string;
    /** Working directory, from the repository root. */
    cwd: string;
    /** The command (argv, no shell); `npm run` names a script of `cwd`'s package.json. */
    command: string[];
    /** The script file the command runs, from the repository root (the dry run checks it exists). */
    script: string;
    /** Files it rewrites, from the repository root. */
    writes: string[];
    needs?: Need[];
    /**
     * Set for scripts that only print: the runner writes their output, stamped by startBenchRun with
     * `code` as the timed code, to `file` (from the repository root).
     */
    capture?: {
        file: string;
        title: string;
        code: string[];
    };
}
export declare const PLAN: readonly BenchStep[];
//# sourceMappingURL=bench-plan.d.ts.map