import { costTable } from '../analysis/cost.js';
import { compilePipeline } from '../nn/compile-pipeline.js';
import type { Pipeline, PipelineIssue } from '../nn/pipeline-types.js';
import { applyAxis, axisName, settingLabel } from './axes.js';
import type { SweepAxis, SweepSpec } from './sweep-spec.js';

/** The values one variant gives its axes, by axis name (absent axes keep the base's). */
export type VariantSettings = Record<string, unknown>;

/** A variant that compiles: ready to train. */
export interface ValidVariant {
  ok: true;
  /** Stable within a sweep: `v<index>`. */
  id: string;
  label: string;
  settings: VariantSettings;
  pipeline: Pipeline;
  /** pipelineHash of the variant. */
  hash: string;
  params: number;
  macs: number;
  /**
   * Labels of later settings that gave this same structure (a one-at-a-time value equal to the
   * base's); their axis values are merged into `settings`, so the base counts as that point of the axis.
   */
  sameAs: string[];
}

/** A variant the axes describe but that cannot be built or has invalid shapes. */
export interface InvalidVariant {
  ok: false;
  id: string;
  label: string;
  settings: VariantSettings;
  issues: PipelineIssue[];
}

export type Variant = ValidVariant | InvalidVariant;

/** Every combination of the axes' values ('cross'), or the base plus one axis changed at a time. */
function settingsList(axes: SweepAxis[], mode: SweepSpec['mode']): { settings: [SweepAxis, unknown][] }[] {
  if (mode === 'oneAtATime') {
    return [{ settings: [] }, ...axes.flatMap((axis) => axis.values.map((value) => ({ settings: [[axis, value]] as [SweepAxis, unknown][] })))];
  }
  let combos: [SweepAxis, unknown][][] = [[]];
  for (const axis of axes) combos = combos.flatMap((c) => axis.values.map((v) => [...c, [axis, v] as [SweepAxis, unknown]]));
  return combos.map((settings) => ({ settings }));
}

/**
 * The variants of a sweep, each checked through compilePipeline: a variant whose shapes do not
 * work (a 7x7 kernel on a 3x3 map) comes back as an {@link InvalidVariant} with the issues, so one
 * bad corner of a cross never stops the sweep. Variants with the same structure as an earlier one
 * (one-at-a-time values equal to the base's) are left out. The base pipeline must itself compile.
 *
 * @example
 * const variants = generateVariants(mnistCnn(), { axes: [{ axis: 'kernelSize', values: [3, 5, 7] }], mode: 'cross' });
 * variants.filter((v) => v.ok).length; // 3
 */
export function generateVariants(base: unknown, spec: Pick<SweepSpec, 'axes' | 'mode'>): Variant[] {
  const compiledBase = compilePipeline(base);
  if (!compiledBase.ok) {
    return [{ ok: false, id: 'base', label: 'base', settings: {}, issues: compiledBase.issues }];
  }
  const seen = new Map<string, ValidVariant>();
  const variants: Variant[] = [];
  for (const { settings } of settingsList(spec.axes, spec.mode)) {
    const id = `v${variants.length}`;
    const record: VariantSettings = Object.fromEntries(settings.map(([axis, value]) => [axisName(axis), value]));
    const label = settings.length ? settings.map(([axis, value]) => settingLabel(axis, value)).join(', ') : 'base';
    let pipeline: Pipeline = compiledBase.pipeline;
    let failure: PipelineIssue | undefined;
    for (const [axis, value] of settings) {
      const edit = applyAxis(pipeline, axis, value);
      if (!edit.ok) {
        const detail = `the pipeline ${edit.reason}`;
        failure = { field: `axes.${axisName(axis)}`, detail, message: `${settingLabel(axis, value)}: ${detail}` };
        break;
      }
      pipeline = edit.pipeline;
    }
    if (failure) {
      variants.push({ ok: false, id, label, settings: record, issues: [failure] });
      continue;
    }
    const compiled = compilePipeline({ ...pipeline, name: `${pipeline.name ?? 'pipeline'} (${label})` });
    if (!compiled.ok) {
      variants.push({ ok: false, id, label, settings: record, issues: compiled.issues });
      continue;
    }
    const earlier = seen.get(compiled.hash);
    if (earlier) {
      for (const [name, value] of Object.entries(record)) if (!(name in earlier.settings)) earlier.settings[name] = value;
      earlier.sameAs.push(label);
      continue;
    }
    const cost = costTable(compiled.pipeline);
    const totals = cost.ok ? cost.table.totals : { params: 0, macs: 0 };
    const variant: ValidVariant = { ok: true, id, label, settings: record, pipeline: compiled.pipeline, hash: compiled.hash, params: totals.params, macs: totals.macs, sameAs: [] };
    seen.set(compiled.hash, variant);
    variants.push(variant);
  }
  return variants;
}
