/**
 * @convstudio/core/testing: the conformance suite every backend runs (PyTorch golden cases and
 * finite-difference gradient checks), written once against the Backend interface.
 *
 * @example
 * import { conformanceCases } from '@convstudio/core/testing';
 * for (const c of conformanceCases()) it(c.name, () => c.run(myBackend));
 */
import { goldenCases, type ConformanceCase } from './golden-cases.js';
import { gradientCases, type GradientCaseOptions } from './gradient-cases.js';
import { optimizerCases } from './optimizer-cases.js';

export { goldenCases, gradientCases, optimizerCases };
export type { ConformanceCase, GradientCaseOptions };
export { checkGradients } from './gradient-check.js';
export type { GradientCheckOptions } from './gradient-check.js';
export { mismatch, maxAbs, toleranceFor, BACKEND_TOLERANCES, FLOAT32_TOLERANCE } from './compare.js';
export { surveyErrors, worstElementErrors, worstGradientErrors, boundFrom, surveyRows, SURVEY_TABLE_HEADER } from './error-survey.js';
export type { ErrorSurvey, ElementErrors, GradientErrors } from './error-survey.js';
export type { Comparison } from './golden-cases.js';
export type { GradientObservation } from './gradient-check.js';
export type { Tolerance } from './compare.js';
export { goldenFiles, workedExampleFixture } from './fixtures.js';
export type { FixtureTensor, GoldenCase, GoldenFile, WorkedExampleFixture } from './fixtures.js';
export { goldenAdapters } from './golden-adapters.js';
export { badInputCases } from './bad-input-cases.js';
export { batchNormNet } from './batch-norm-net.js';
export type { BatchNormNetOptions } from './batch-norm-net.js';
export type { BadInputCase } from './bad-input-cases.js';
export type { OpAdapter, TensorArgs } from './golden-adapters.js';

/** Golden cases, gradient checks and the optimizer and upload kernels: the whole suite a backend must pass. */
export function conformanceCases(options: GradientCaseOptions = {}): ConformanceCase[] {
  return [...goldenCases(), ...gradientCases(options), ...optimizerCases()];
}
