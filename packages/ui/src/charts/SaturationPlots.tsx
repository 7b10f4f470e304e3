import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { axisLabelStyle, axisTick, gridStroke, seriesColor, tooltipStyles } from './chart-theme.js';
import { percent, type SaturationRow } from './saturation-rows.js';

/** The lowest σ/σmax drawn: smaller ratios (and exact zeros) sit on this floor of the log axis. */
export const SPECTRUM_FLOOR = 1e-5;

/**
 * A power of ten as a tick label: 1, 0.1, 0.01, then 10⁻³ and below.
 *
 * @example
 * powerLabel(1e-4); // '10⁻⁴'
 */
export function powerLabel(value: number): string {
  const exponent = Math.round(Math.log10(value));
  if (exponent >= -2) return String(Number(value.toPrecision(1)));
  const superscript: Record<string, string> = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
  return `10${[...String(exponent)].map((c) => superscript[c]).join('')}`;
}

/**
 * A layer's singular values divided by its largest, largest first, clamped to
 * {@link SPECTRUM_FLOOR} so a log axis can draw zeros; `at` runs from 0 (largest) to 1
 * (smallest), so layers with 8 and 64 directions share one axis.
 *
 * @example
 * normalisedSpectrum(Float64Array.of(4, 2, 0)); // [{ at: 0, ratio: 1 }, { at: 0.5, ratio: 0.5 }, { at: 1, ratio: 1e-5 }]
 */
export function normalisedSpectrum(sigma: ArrayLike<number>): { at: number; ratio: number }[] {
  const max = sigma[0] ?? 0;
  const last = Math.max(1, sigma.length - 1);
  return Array.from(sigma, (s, i) => ({ at: i / last, ratio: max > 0 ? Math.max(SPECTRUM_FLOOR, s / max) : SPECTRUM_FLOOR }));
}

/**
 * The bottom of the spectrum's log axis: a power of ten one decade under both the smallest ratio
 * and the "ignored" cut-off, so the cut-off line always shows with room under it, never below
 * {@link SPECTRUM_FLOOR}.
 *
 * @example
 * spectrumFloor([1, 0.3, 0.02], 1e-3); // 1e-4
 * spectrumFloor([1, 1e-9], 1e-3);      // 1e-5
 */
export function spectrumFloor(ratios: readonly number[], cutoff: number): number {
  const lowest = Math.min(cutoff, ...ratios.filter((r) => r > 0));
  // Number("1e-4") is exactly the literal 1e-4, unlike 10 ** -4.
  return Math.max(SPECTRUM_FLOOR, Number(`1e${Math.floor(Math.log10(lowest) + 1e-9) - 1}`));
}

const plotMargin = { top: 8, right: 16, bottom: 14, left: 10 };

function PlotFrame({ title, subtitle, label, legend, width, children }: { title: string; subtitle: string; label: string; legend?: ReactNode; width: number; children: ReactNode }) {
  const id = `cs-plot-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <figure className="cs-line-chart" aria-labelledby={id} style={{ width }}>
      <figcaption>
        <span className="cs-chart-title" id={id}>{title}</span>
        <span className="cs-chart-subtitle">{subtitle}</span>
      </figcaption>
      <div role="img" aria-label={label}>{children}</div>
      {legend}
    </figure>
  );
}

/**
 * Horizontal bars: the share of dead units of every ReLU layer, with the alert level (half)
 * marked. One colour for all bars, since they measure one thing.
 *
 * @example
 * <DeadUnitsChart rows={saturationRows(diagnosis, pipeline.nodes)} width={320} />
 */
export function DeadUnitsChart({ rows, width }: { rows: readonly SaturationRow[]; width: number }) {
  const data = rows.filter((r) => r.dead).map((r) => ({ layer: r.nodeId, fraction: r.dead?.fraction ?? 0 }));
  if (!data.length) return null;
  const height = 56 + 30 * data.length;
  return (
    <PlotFrame title="Dead ReLU units" subtitle="Share of units silent on every digit" label={`Dead ReLU units: ${data.map((d) => `${d.layer} ${percent(d.fraction)}`).join(', ')}`} width={width}>
      <BarChart width={width} height={height} data={data} layout="vertical" margin={plotMargin} accessibilityLayer={false}>
        <CartesianGrid stroke={gridStroke} horizontal={false} />
        <XAxis type="number" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={percent} tick={axisTick} stroke={gridStroke}
          label={{ value: 'Dead units (% of layer)', position: 'insideBottom', offset: -8, style: axisLabelStyle }} />
        <YAxis type="category" dataKey="layer" tick={axisTick} stroke={gridStroke} width={56} />
        <Tooltip {...tooltipStyles} cursor={{ fill: 'var(--cs-surface-raised)' }} formatter={(v) => [percent(Number(v)), 'dead']} />
        <ReferenceLine x={0.5} stroke="var(--cs-error)" strokeDasharray="4 3" label={{ value: 'alert', position: 'top', style: { ...axisLabelStyle, fill: 'var(--cs-error)' } }} />
        <Bar dataKey="fraction" fill="var(--cs-accent)" barSize={14} isAnimationActive={false} className="cs-dead-bar">
          <LabelList dataKey="fraction" position="right" formatter={(v) => percent(Number(v))} style={axisLabelStyle} />
        </Bar>
      </BarChart>
    </PlotFrame>
  );
}

/**
 * The singular-value spectrum of every analysed weight, σ / σmax on a log axis, largest first:
 * a curve that plunges below the dashed line means the layer ignores those input directions.
 *
 * @example
 * <SpectrumChart rows={saturationRows(diagnosis, pipeline.nodes)} width={320} />
 */
export function SpectrumChart({ rows, width }: { rows: readonly SaturationRow[]; width: number }) {
  const layers = rows.filter((r) => r.spectrum);
  if (!layers.length) return null;
  const first = layers[0].spectrum;
  const cutoff = first && first.max > 0 ? first.nearZero.threshold / first.max : 1e-3;
  const spectra = layers.map((r) => normalisedSpectrum(r.spectrum?.singularValues ?? []));
  const floor = spectrumFloor(spectra.flatMap((points) => points.map((p) => p.ratio)), cutoff);
  const ticks = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1].filter((t) => t >= floor);
  const legend = (
      <ul className="cs-chart-legend" aria-label="Spectrum legend">
          {layers.map((r, n) => (
            <li key={r.nodeId} className="cs-legend-item">
              <svg width="18" height="8" aria-hidden="true">
                <line x1="1" x2="17" y1="4" y2="4" stroke={seriesColor(n)} strokeWidth="2" strokeDasharray={n >= 4 ? '4 3' : undefined} />
              </svg>
              {r.nodeId}
            </li>
          ))}
        </ul>
  );
  return (
    <PlotFrame title="Singular-value spectrum" subtitle="Gain per input direction, relative to the largest" label={`Singular-value spectrum of ${layers.map((r) => r.nodeId).join(', ')}`} legend={legend} width={width}>
      <LineChart width={width} height={220} margin={plotMargin} accessibilityLayer={false}>
        <CartesianGrid stroke={gridStroke} vertical={false} />
        <XAxis type="number" dataKey="at" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={percent} tick={axisTick} stroke={gridStroke} padding={{ left: 6, right: 6 }}
          label={{ value: 'Directions, largest first (% of layer)', position: 'insideBottom', offset: -8, style: axisLabelStyle }} />
        <YAxis type="number" scale="log" domain={[floor, 1]} ticks={ticks} tickFormatter={powerLabel} tick={axisTick} stroke={gridStroke} width={48}
          label={{ value: 'σ / σmax', angle: -90, position: 'insideLeft', style: { ...axisLabelStyle, textAnchor: 'middle' } }} />
        <Tooltip {...tooltipStyles} labelFormatter={(v) => `${percent(Number(v))} along the spectrum`} formatter={(v) => Number(v).toPrecision(3)} />
        <ReferenceLine y={cutoff} stroke="var(--cs-text-muted)" strokeDasharray="4 3" label={{ value: 'ignored below', position: 'insideBottomRight', style: axisLabelStyle }} />
        {layers.map((r, n) => (
          <Line key={r.nodeId} data={spectra[n]} dataKey="ratio" name={r.nodeId} type="linear"
            stroke={seriesColor(n)} strokeWidth={2} strokeDasharray={n >= 4 ? '5 3' : undefined} isAnimationActive={false}
            dot={(r.spectrum?.singularValues.length ?? 0) <= 1 ? { r: 3 } : false} className="cs-spectrum-line" />
        ))}
      </LineChart>
    </PlotFrame>
  );
}
