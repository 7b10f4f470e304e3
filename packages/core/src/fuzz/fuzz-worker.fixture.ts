// Runs in a Node worker thread started by run-fuzz.fixture.ts: fast-check cases of each kind
// through the parsers, under the allocation guard and small limits. Progress goes to a shared
// counter the main thread watches, so a case that hangs is found and the worker terminated.
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { setMaxTensorElements } from '../limits.js';
import { AllocationLimitError, installAllocationGuard, largestAllocation } from './allocation-guard.fixture.js';
import { type FuzzKind, fuzzKinds, fuzzTargets, UntypedError } from './hostile-inputs.fixture.js';

export interface FuzzRequest {
  seed: number;
  runs: Record<FuzzKind, number>;
  /** [kind index, case index] of the running case, for the watchdog. */
  progress: SharedArrayBuffer;
}

export interface KindReport {
  kind: FuzzKind;
  cases: number;
  accepted: number;
  refused: number;
  largestAllocationBytes: number;
  failure?: string;
}

/** Tensors up to 2^20 elements (4 MiB); no single allocation above 64 MiB (decoder planes included). */
export const FUZZ_TENSOR_LIMIT = 2 ** 20;
export const FUZZ_ALLOCATION_LIMIT = 64 * 2 ** 20;

const port = parentPort;
if (!port) throw new Error('fuzz-worker.fixture must run in a worker thread');
const request = workerData as FuzzRequest;
const progress = new Int32Array(request.progress);
setMaxTensorElements(FUZZ_TENSOR_LIMIT);
installAllocationGuard(FUZZ_ALLOCATION_LIMIT);

for (const [k, kind] of fuzzKinds.entries()) {
  const { arbitrary, check } = fuzzTargets[kind] as { arbitrary: fc.Arbitrary<unknown>; check: (input: unknown) => 'accepted' | 'refused' };
  const report: KindReport = { kind, cases: 0, accepted: 0, refused: 0, largestAllocationBytes: 0 };
  largestAllocation(true);
  const result = fc.check(
    fc.property(arbitrary, (input) => {
      Atomics.store(progress, 0, k);
      Atomics.store(progress, 1, report.cases);
      report.cases++;
      const outcome = check(input);
      report[outcome]++;
    }),
    { seed: request.seed, numRuns: request.runs[kind], endOnFailure: true },
  );
  report.largestAllocationBytes = largestAllocation(true);
  if (result.failed) {
    const error = result.errorInstance;
    const what = error instanceof AllocationLimitError || error instanceof UntypedError ? error.message : String(error);
    report.failure = `${what}\n  counterexample: ${fc.stringify(result.counterexample).slice(0, 2000)}\n  replay: seed ${result.seed}, path "${result.counterexamplePath}"`;
  }
  port.postMessage(report);
}
port.postMessage('done');
