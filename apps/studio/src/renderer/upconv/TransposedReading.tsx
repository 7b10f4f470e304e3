import type { UpsamplingSteps } from '@convstudio/core';
import { formatValue } from '@convstudio/ui';
import { ValueGrid } from './ValueGrid.js';

const MAX_SHOWN_CHANNELS = 4;

/**
 * The same layer as a transposed convolution (PyTorch's stride, padding, output padding,
 * dilation, groups) with its own kernel, its output computed by core's convTranspose2d, and
 * whether it equals K ⊗ P value by value.
 */
export function TransposedReading({ steps, channel }: { steps: UpsamplingSteps; channel: number }) {
  const form = steps.transposed;
  const [, cout, oh, ow] = steps.output.shape;
  if (!('weight' in form)) {
    return (
      <section className="studio-grad-card" aria-labelledby="upconv-transposed-title">
        <h3 id="upconv-transposed-title">3. The same as a transposed convolution</h3>
        <p className="studio-warning" data-testid="upconv-transposed-unavailable">No transposed convolution equals this layer: {form.unavailable}.</p>
      </section>
    );
  }
  const [cin, perGroupOut, kh, kw] = form.weight.shape;
  const perGroupIn = cin / form.groups;
  const group = Math.floor(channel / perGroupOut);
  const local = channel % perGroupOut;
  const shown = Array.from({ length: Math.min(perGroupIn, MAX_SHOWN_CHANNELS) }, (_, i) => group * perGroupIn + i);
  const out = steps.transposedOutput;
  const equal = steps.maxDifference === 0;
  const total = cout * oh * ow;
  const tolerance = 1e-5 * Math.max(1, ...Array.from(steps.output.data, Math.abs));
  return (
    <section className="studio-grad-card" aria-labelledby="upconv-transposed-title">
      <h3 id="upconv-transposed-title">3. The same as a transposed convolution</h3>
      <dl className="studio-upconv-params" data-testid="upconv-transposed-params">
        <dt>stride</dt><dd>{form.stride.join('×')}</dd>
        <dt>padding</dt><dd>{form.padding.join('×')}</dd>
        <dt>output padding</dt><dd>{form.outputPadding.join('×')}</dd>
        <dt>dilation</dt><dd>{form.dilation.join('×')}</dd>
        {form.groups > 1 && <><dt>groups</dt><dd>{form.groups}</dd></>}
      </dl>
      <p className="studio-muted">
        {steps.layer === 'upConvolution'
          ? `Its kernel W is K turned 180° with input and output channels swapped; padding k − 1 − p = ${form.padding.join('×')}. Each A value scatters W, scaled by itself, onto the output at stride ${form.stride.join('×')}.`
          : `This is the layer as written in the pipeline; K in step 2 is its kernel W turned 180° with input and output channels swapped, and P's padding is d(k − 1) − padding, plus the output padding below and to the right.`}
      </p>
      <div className="studio-upconv-row">
        {shown.map((c) => (
          <ValueGrid key={c} label={`W[${c}, ${local}] (${kh}×${kw})`} testId="upconv-w" data={{ channel: c }} values={form.weight.data.subarray((c * perGroupOut + local) * kh * kw, (c * perGroupOut + local + 1) * kh * kw)} shape={[kh, kw]} />
        ))}
        <span className="studio-upconv-arrow" aria-hidden>convT(A) =</span>
        {out && <ValueGrid label={`convTranspose2d(A, W) + b, channel ${channel}`} testId="upconv-transposed-output" data={{ channel }} values={out.data.subarray(channel * oh * ow, (channel + 1) * oh * ow)} shape={[oh, ow]} />}
      </div>
      <p className={steps.maxDifference !== undefined && steps.maxDifference <= tolerance ? 'studio-upconv-check' : 'studio-warning'} data-testid="upconv-check" data-max-difference={steps.maxDifference}>
        {equal
          ? `Equal: all ${total} values of K ⊗ P and of the transposed convolution are the same numbers.`
          : `All ${total} values agree up to float32 rounding: the largest difference is ${formatValue(steps.maxDifference ?? NaN)}.`}
      </p>
    </section>
  );
}
