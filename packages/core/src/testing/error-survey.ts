import type { Backend } from '../backend.js';
import { maxAbs } from './compare.js';
import { type Comparison, goldenComparisonsOf } from './golden-cases.js';
import { gradientCases } from './gradient-cases.js';
import type { GradientObservation } from './gradient-check.js';
import { optimizerComparisonsOf } from './optimizer-cases.js';

/** The worst errors of one backend over the whole suite, unjudged. */
export interface ErrorSurvey {
  backend: string;
  golden: Comparison[];
  optimizer: Comparison[];
  gradients: GradientObservation[];
}

/**
 * Runs every golden case, every optimizer case and every finite-difference check on `backend`
 * and keeps every result: the measurements the suite's bounds are set from.
 *
 * @example
 * const survey = await surveyErrors(createCpuBackend({ kernels: 'js' }));
 * worstElementErrors(survey.golden);
 */
export async function surveyErrors(backend: Backend): Promise<ErrorSurvey> {
  const golden = await goldenComparisonsOf(backend);
  const optimizer = await optimizerComparisonsOf(backend);
  const gradients: GradientObservation[] = [];
  // Infinite bounds: the checks only observe here, so one bad case cannot hide the others.
  const check = { rtol: Number.MAX_VALUE, observe: (o: GradientObservation) => gradients.push(o) };
  for (const c of gradientCases({ check })) await c.run(backend);
  return { backend: backend.name, golden, optimizer, gradients };
}

/** Worst element-wise errors of a set of comparisons, in the terms of {@link Tolerance}. */
export interface ElementErrors {
  /** Largest |actual - expected| / |expected| over elements of at least a tenth of their tensor's largest magnitude. */
  rtol: number;
  /** With that rtol, the smallest floor (a fraction of max|expected|) every element passes with. */
  floor: number;
  /** Where each was reached. */
  rtolAt: string;
  floorAt: string;
  elements: number;
}

/**
 * The tightest `{ rtol, floor }` the comparisons pass with, measured in two steps: rtol from the
 * elements that are large within their tensor (their error is their own rounding), then the floor
 * the rest need on top of it (their error is the rounding of terms that cancelled).
 *
 * @example
 * const { rtol, floor } = worstElementErrors(survey.golden);
 */
export function worstElementErrors(comparisons: readonly Comparison[]): ElementErrors {
  const worst: ElementErrors = { rtol: 0, floor: 0, rtolAt: '-', floorAt: '-', elements: 0 };
  for (const c of comparisons) {
    const scale = maxAbs(c.expected);
    for (let i = 0; i < c.expected.length; i++) {
      const magnitude = Math.abs(c.expected[i]);
      const error = Math.abs(c.actual[i] - c.expected[i]);
      worst.elements++;
      if (magnitude >= scale / 10 && magnitude > 0 && !(error / magnitude <= worst.rtol)) {
        worst.rtol = error / magnitude;
        worst.rtolAt = `${c.what} [${i}]`;
      }
    }
  }
  for (const c of comparisons) {
    const scale = maxAbs(c.expected);
    for (let i = 0; i < c.expected.length; i++) {
      const excess = Math.abs(c.actual[i] - c.expected[i]) - worst.rtol * Math.abs(c.expected[i]);
      if (excess <= 0) continue;
      const floor = scale > 0 ? excess / scale : Number.POSITIVE_INFINITY;
      if (!(floor <= worst.floor)) {
        worst.floor = floor;
        worst.floorAt = `${c.what} [${i}]`;
      }
    }
  }
  return worst;
}

/** One float32 rounding: the floor of the finite-difference bound, in units of Σ|y_i · r_i| / ε. */
export const FLOAT32_ROUNDING = 2 ** -24;

/** Worst disagreements of the finite-difference checks, in the terms of `checkGradients`' bound. */
export interface GradientErrors {
  /** With a floor of one float32 rounding of the loss over ε, the smallest rtol every check passes with. */
  rtol: number;
  rtolAt: string;
  /** Largest |numeric - analytic| / (Σ|y_i · r_i| / ε): the floor alone every check would need. */
  floorOnly: number;
  floorOnlyAt: string;
  /** Largest |numeric - analytic| / max(|numeric|, |analytic|), for comparison with a purely relative bound. */
  relative: number;
  checks: number;
}

/**
 * The central difference's own error has two parts: float32 rounding of the forward pass,
 * about u·Σ|y_i · r_i| / ε, and the ε² term of smooth ops, relative to the derivative. The first
 * is fixed at one rounding (u = 2^-24); the rtol measured is what the second needs on top.
 *
 * @example
 * worstGradientErrors(survey.gradients).rtol; // e.g. 2e-4
 */
export function worstGradientErrors(observations: readonly GradientObservation[]): GradientErrors {
  const worst: GradientErrors = { rtol: 0, rtolAt: '-', floorOnly: 0, floorOnlyAt: '-', relative: 0, checks: observations.length };
  for (const o of observations) {
    const error = Math.abs(o.numeric - o.analytic);
    const magnitude = Math.max(Math.abs(o.numeric), Math.abs(o.analytic));
    const at = `${o.label} d${o.input}: analytic ${o.analytic}, numeric ${o.numeric}`;
    const excess = error - FLOAT32_ROUNDING * o.noise;
    if (excess > 0 && !(excess / magnitude <= worst.rtol)) Object.assign(worst, { rtol: excess / magnitude, rtolAt: at });
    if (error > 0 && !(error / o.noise <= worst.floorOnly)) Object.assign(worst, { floorOnly: error / o.noise, floorOnlyAt: at });
    if (error > 0) worst.relative = Math.max(worst.relative, error / magnitude);
  }
  return worst;
}

/**
 * A bound from a measured worst error: 4x it, rounded up to 1, 2 or 5 times a power of ten, so
 * at most 10x the measurement.
 *
 * @example
 * boundFrom(3.1e-8); // 2e-7
 */
export function boundFrom(measured: number): number {
  if (measured <= 0) return 0;
  const target = 4 * measured;
  const power = 10 ** Math.floor(Math.log10(target));
  const step = [1, 2, 5, 10].find((m) => m * power >= target * (1 - 1e-12)) ?? 10;
  return Number((step * power).toPrecision(1));
}

/** The surveys of one backend family (its variants together), as markdown table rows. */
export function surveyRows(family: string, surveys: readonly ErrorSurvey[]): string[] {
  const e = (x: number) => x.toExponential(2);
  const e1 = (x: number) => x.toExponential(0);
  const elementRow = (what: string, w: ElementErrors, bound: boolean) =>
    `| ${family} | ${what} (${w.elements} elements) | rtol ${e(w.rtol)} at ${w.rtolAt}; floor ${e(w.floor)} at ${w.floorAt} | ${bound ? `rtol ${e1(boundFrom(w.rtol))}, floor ${e1(boundFrom(w.floor))}` : ''} |`;
  const golden = surveys.flatMap((s) => s.golden);
  const optimizer = surveys.flatMap((s) => s.optimizer);
  const gradients = worstGradientErrors(surveys.flatMap((s) => s.gradients));
  return [
    elementRow('golden', worstElementErrors(golden), false),
    elementRow('optimizer', worstElementErrors(optimizer), false),
    elementRow('golden + optimizer', worstElementErrors([...golden, ...optimizer]), true),
    `| ${family} | finite differences (${gradients.checks} checks) | rtol ${e(gradients.rtol)} at ${gradients.rtolAt}, with a floor of one rounding (${e(FLOAT32_ROUNDING)} x Σ\\|y·r\\|/ε); the floor alone would need ${e(gradients.floorOnly)} at ${gradients.floorOnlyAt}; purely relative: ${e(gradients.relative)} | rtol ${e1(boundFrom(gradients.rtol))}, floor ${e1(boundFrom(FLOAT32_ROUNDING))} |`,
  ];
}

/** Header of the table {@link surveyRows} fills. */
export const SURVEY_TABLE_HEADER = ['| Backend | Cases | Worst measured | Bound from it (4x, rounded up to 1-2-5) |', '|---|---|---|---|'];
