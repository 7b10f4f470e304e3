// The charts' look, from the theme's CSS variables, so light and dark both apply without a re-render.

/** The colour of series `i`: the theme's `--cs-series-1..4`, repeating. */
export const seriesColor = (i: number): string => `var(--cs-series-${(i % 4) + 1})`;

/** Grid lines and axis lines. */
export const gridStroke = 'var(--cs-border)';

/** Tick labels: muted, small, tabular figures. */
export const axisTick = { fill: 'var(--cs-text-muted)', fontSize: 11, fontVariantNumeric: 'tabular-nums' } as const;

/** Axis titles ("Epoch", "Cross-entropy (nats)"): muted text, a little larger than ticks. */
export const axisLabelStyle = { fill: 'var(--cs-text-muted)', fontSize: 12 } as const;

/** The tooltip box in the theme's surface colours rather than the library's white. */
export const tooltipStyles = {
  contentStyle: {
    background: 'var(--cs-surface-raised)',
    border: '1px solid var(--cs-border)',
    borderRadius: 'var(--cs-radius)',
    color: 'var(--cs-text)',
    fontSize: 12,
    padding: '4px 8px',
  },
  labelStyle: { color: 'var(--cs-text-muted)', marginBottom: 2 },
  itemStyle: { padding: 0 },
  cursor: { stroke: 'var(--cs-border)' },
  isAnimationActive: false,
} as const;
