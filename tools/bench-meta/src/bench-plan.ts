/**
 * Every committed benchmark of ConvStudio, in the order `npm run bench:all` runs them: where each
 * runs, its command, the reports and tables it rewrites and what it needs. One list, so a new
 * benchmark is added here once and the dry run (`npm run bench:all -- --dry-run`) shows it.
 *
 * @example
 * PLAN.filter((step) => step.pkg === 'core').map((step) => step.name); // ['core:conv', …]
 */

/** The packages with benchmarks, in the order the root `bench:all` runs them. */
export const PACKAGES = ['core', 'gpu', 'studio', 'cli'] as const;
export type BenchPackage = (typeof PACKAGES)[number];

/** What a step needs beyond the root `npm ci`; the runner checks each before it starts the step. */
export type Need =
  /** `packages/core/bench`'s own peers (tfjs, onnxruntime-web): `ONNXRUNTIME_NODE_INSTALL=skip npm ci` there. */
  | 'core-peers'
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
  capture?: { file: string; title: string; code: string[] };
}

const CORE_CODE = ['packages/core/src', 'packages/core/assembly'];
const core = (name: string, what: string, command: string[], script: string, writes: string[], extra: Partial<BenchStep> = {}): BenchStep => ({
  name: `core:${name}`,
  pkg: 'core',
  what,
  cwd: 'packages/core/bench',
  command,
  script: `packages/core/bench/${script}`,
  writes: writes.map((w) => `packages/core/bench/results/${w}`),
  ...extra,
});
const tsx = (...args: string[]) => ['npx', '--no-install', 'tsx', ...args];

export const PLAN: readonly BenchStep[] = [
  core('conv', 'conv2d (forward, both gradients) and max pooling against tfjs cpu/wasm, onnxruntime web/node', ['npm', 'run', 'bench'], 'conv-bench.ts', ['latest.md'], { needs: ['core-peers'] }),
  core('conv-relaxed', 'the same with relaxed SIMD switched on in Node 20', ['npm', 'run', 'bench:relaxed'], 'conv-bench.ts', ['relaxed-latest.md'], { needs: ['core-peers'] }),
  core('train', 'MNIST CNN epochs against tfjs-layers (cpu, wasm) and PyTorch', ['npm', 'run', 'bench:train'], 'train-mnist-bench.ts', ['train-latest.md'], { needs: ['core-peers'] }),
  core('browser', 'conv2d and pooling in headless Chromium against tfjs-wasm and onnxruntime-web', ['npm', 'run', 'bench:browser'], 'browser-bench.ts', ['browser-latest.md'], { needs: ['core-peers', 'chromium'] }),
  core('profile-1t', 'where a training epoch spends its time, one thread', ['npm', 'run', 'bench:profile', '--', '--threads', '1'], 'train-step-profile.ts', ['train-step-profile-1t.md']),
  core('profile-2t', 'where a training epoch spends its time, two threads', ['npm', 'run', 'bench:profile', '--', '--threads', '2'], 'train-step-profile.ts', ['train-step-profile-2t.md']),
  core('fma', "the machine's FMA and WebAssembly SIMD peaks", ['npm', 'run', 'fma-peak'], 'fma-peak.ts', ['fma-peak.md']),
  core('conformance-errors', "the CPU backends' worst errors over the conformance suite", tsx('conformance-errors.ts'), 'conformance-errors.ts', ['conformance-errors.md']),
  core('pipeline-load', 'loading 100,000-node pipeline files', tsx('pipeline-load-bench.ts'), 'pipeline-load-bench.ts', ['pipeline-load.md']),
  core('project-file', "saving and opening AlexNet's 61 M weights as a project (BASELINE adds a before column)", tsx('project-file-bench.ts'), 'project-file-bench.ts', ['project-file.md']),
  core('weights-sidecar', "AlexNet's weights through the binary weights file", tsx('weights-sidecar-bench.ts'), 'weights-sidecar-bench.ts', ['weights-sidecar.md'], {
    capture: { file: 'packages/core/bench/results/weights-sidecar.md', title: "AlexNet's weights through the binary weights file (weights-sidecar-bench.ts)", code: CORE_CODE },
  }),
  core('onnx-import', 'importing an AlexNet-size ONNX model against onnxruntime-node', tsx('--conditions', '@convstudio/source', 'onnx-import-bench.ts'), 'onnx-import-bench.ts', ['onnx-import.md'], {
    capture: { file: 'packages/core/bench/results/onnx-import.md', title: 'Importing an AlexNet-size ONNX model (onnx-import-bench.ts)', code: CORE_CODE },
  }),
  core('pipeline-values', "the studio's main thread putting AlexNet's weights into its layers (BASELINE adds a before series)", tsx('pipeline-values-bench.ts'), 'pipeline-values-bench.ts', ['pipeline-values.md'], {
    capture: { file: 'packages/core/bench/results/pipeline-values.md', title: "AlexNet's weights into the pipeline's layers (pipeline-values-bench.ts)", code: CORE_CODE },
  }),
  core('fuzz-long', 'the long fuzz of hostile files (counts, not times)', tsx('fuzz-long.ts'), 'fuzz-long.ts', ['fuzz-long.md']),
  core('alexnet-start', "AlexNet from a cold start: createModel(alexNet()) and its first forward, a fresh process per repetition (BASELINE adds a before column)", tsx('alexnet-start-bench.ts'), 'alexnet-start-bench.ts', ['alexnet-start.md']),
  core('train-compare', 'MNIST CNN epochs of this tree against BASELINE, side by side', ['npm', 'run', 'bench:train-compare'], 'train-compare-bench.ts', ['train-compare.md'], { needs: ['baseline'] }),
  {
    name: 'gpu:conv',
    pkg: 'gpu',
    what: 'WebGPU conv2d (three directions) against tfjs-backend-webgpu and onnxruntime-web WebGPU',
    cwd: 'packages/gpu/bench',
    command: ['npm', 'run', 'bench'],
    script: 'packages/gpu/bench/conv-bench.ts',
    writes: ['packages/gpu/bench/results/latest.md'],
    needs: ['gpu-peers'],
  },
  {
    name: 'gpu:step',
    pkg: 'gpu',
    what: 'a forward pass and a training step, one command buffer per scope against one per dispatch',
    cwd: 'packages/gpu/bench',
    command: ['npm', 'run', 'bench:step'],
    script: 'packages/gpu/bench/step-bench.ts',
    writes: ['packages/gpu/bench/results/step-latest.md'],
  },
  {
    name: 'gpu:conformance-errors',
    pkg: 'gpu',
    what: "the WebGPU backend's worst errors over core's conformance suite",
    cwd: 'packages/gpu/bench',
    command: tsx('--conditions=@convstudio/source', 'conformance-errors.ts'),
    script: 'packages/gpu/bench/conformance-errors.ts',
    writes: ['packages/gpu/bench/results/conformance-errors.md'],
  },
  {
    name: 'studio:edit-latency',
    pkg: 'studio',
    what: 'input event to changed pixels after a kernel edit, in the web host (this tree only; --before <worktree> by hand for a before column)',
    cwd: '.',
    command: tsx('--conditions', '@convstudio/source', 'apps/studio/bench/edit-latency.ts'),
    script: 'apps/studio/bench/edit-latency.ts',
    writes: ['apps/studio/bench/results/edit-latency.md', 'apps/studio/BENCHMARKS.md'],
    needs: ['chromium'],
  },
  {
    name: 'studio:open-weights',
    pkg: 'studio',
    what: "the page's main thread while AlexNet with weights opens, saves and imports (this tree only)",
    cwd: '.',
    command: tsx('--conditions', '@convstudio/source', 'apps/studio/bench/open-weights.ts'),
    script: 'apps/studio/bench/open-weights.ts',
    writes: ['apps/studio/bench/results/open-weights.md', 'apps/studio/BENCHMARKS.md'],
    needs: ['chromium'],
  },
  {
    name: 'studio:stack-3d',
    pkg: 'studio',
    what: 'frames per second of the 3D feature-map stack',
    cwd: '.',
    command: tsx('apps/studio/bench/stack-3d-fps.ts'),
    script: 'apps/studio/bench/stack-3d-fps.ts',
    writes: ['apps/studio/bench/results/stack-3d.md', 'apps/studio/BENCHMARKS.md'],
    needs: ['chromium'],
  },
  {
    name: 'studio:lab-worker-gc',
    pkg: 'studio',
    what: "two lab workers training at once in Chromium, with and without the desktop app's V8 flag (epochs, full collections)",
    cwd: '.',
    command: tsx('--conditions', '@convstudio/source', 'apps/studio/bench/lab-worker-gc.ts'),
    script: 'apps/studio/bench/lab-worker-gc.ts',
    writes: ['apps/studio/bench/results/lab-worker-gc.md'],
    needs: ['chromium'],
  },
  {
    name: 'cli:sweep',
    pkg: 'cli',
    what: '8 MNIST-CNN variants x 2 epochs, one after another and two at once',
    cwd: 'apps/cli',
    command: ['npm', 'run', 'bench:sweep'],
    script: 'apps/cli/bench/sweep-parallel-bench.ts',
    writes: ['apps/cli/bench/results/sweep-parallel.md'],
  },
];
