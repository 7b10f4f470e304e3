import type { Tensor } from '@convstudio/core';
import { colorAt, ColorLegend, FeatureMapGrid, formatValue, type Rgba } from '@convstudio/ui';
import { maxAbs } from './map-canvas.js';

/** Black or white, whichever contrasts more with the cell (WCAG relative luminance): small digits stay at 4.5:1. */
function readableText([r, g, b]: Rgba): '#000' | '#fff' {
  const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  const l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000' : '#fff';
}

/** Kernel slices drawn per layer: the first output channels by the first input channels. */
const MAX_OUT = 8;
const MAX_IN = 3;

function KernelSlice({ nodeId, weight, grad, oc, ic, peak, selected, onCell, compact }: { nodeId: string; weight?: Tensor; grad: Tensor; oc: number; ic: number; peak: number; selected?: number; onCell(index: number): void; compact?: boolean }) {
  const [, cin, kh, kw] = grad.shape;
  // In the narrow inspector only 3-wide kernels keep their numbers; wider ones are colours with the value as a tooltip.
  const showText = compact ? kw <= 3 : kh * kw <= 25;
  return (
    <div className="studio-kslice" role="group" aria-label={`${nodeId} kernel ${oc}, input channel ${ic}`}>
      <span className="studio-muted">F{oc},{ic}</span>
      <div className="studio-kslice-cells" style={{ gridTemplateColumns: `repeat(${kw}, ${showText ? 54 : 16}px)` }}>
        {Array.from({ length: kh * kw }, (_, k) => {
          const index = ((oc * cin + ic) * kh + Math.floor(k / kw)) * kw + (k % kw);
          const g = grad.data[index];
          const color = colorAt('diverging', peak > 0 ? (g / peak + 1) / 2 : 0.5);
          const w = weight?.data[index];
          return (
            <button
              key={k}
              type="button"
              className={`studio-kcell${selected === index ? ' studio-kcell-selected' : ''}`}
              style={{ background: `rgb(${color[0]},${color[1]},${color[2]})`, color: readableText(color) }}
              aria-pressed={selected === index}
              aria-label={`F[${oc},${ic},${Math.floor(k / kw)},${k % kw}]: weight ${w === undefined ? 'not shown' : formatValue(w)}, dL/dW ${formatValue(g)}`}
              title={`m=${Math.floor(k / kw)}, n=${k % kw}: W = ${w === undefined ? '—' : formatValue(w)}, dL/dW = ${formatValue(g)}`}
              data-testid="weight-grad-cell"
              data-index={index}
              data-value={g}
              onClick={() => onCell(index)}
            >
              {showText ? formatValue(g) : ''}
            </button>
          );
        })}
      </div>
    </div>
  );
}

/**
 * dL/dW of one learnable layer beside its weights. A convolution's kernels are cells: click one
 * to see its gradient worked out as the document's sum. Other layers show dL/dW as a map.
 */
export function WeightGradients({ nodeId, kind, weight, grad, selectedIndex, onCell, compact = false }: { nodeId: string; kind: string; weight?: Tensor; grad: Tensor; selectedIndex?: number; onCell(index: number): void; compact?: boolean }) {
  const peak = maxAbs(grad.data);
  if (kind !== 'conv2d' || grad.rank !== 4) {
    const [rows, cols] = grad.rank === 2 ? grad.shape : [grad.shape[0], grad.size / grad.shape[0]];
    return (
      <div data-testid="weight-grads" data-node-id={nodeId}>
        <p className="studio-muted">dL/dW of {nodeId} ({grad.shape.join('×')}), one row per output unit:</p>
        <FeatureMapGrid tensor={grad.reshape([1, 1, rows, cols])} label={`dL/dW of ${nodeId}`} defaultColormap="diverging" defaultScaling="per-layer" tileSize={compact ? 240 : Math.min(480, Math.max(160, cols))} compact={compact} />
      </div>
    );
  }
  const [cout, cin] = grad.shape;
  return (
    <div data-testid="weight-grads" data-node-id={nodeId}>
      <ColorLegend colormap="diverging" min={-peak} max={peak} label="dL/dW" width={120} />
      <div className="studio-kslices">
        {Array.from({ length: Math.min(cout, MAX_OUT) }, (_, oc) =>
          Array.from({ length: Math.min(cin, MAX_IN) }, (_, ic) => <KernelSlice key={`${oc}:${ic}`} nodeId={nodeId} weight={weight} grad={grad} oc={oc} ic={ic} peak={peak} selected={selectedIndex} onCell={onCell} compact={compact} />),
        )}
      </div>
      {(cout > MAX_OUT || cin > MAX_IN) && <p className="studio-muted">Showing kernels 0–{Math.min(cout, MAX_OUT) - 1} by input channels 0–{Math.min(cin, MAX_IN) - 1} of {cout}×{cin}.</p>}
    </div>
  );
}
