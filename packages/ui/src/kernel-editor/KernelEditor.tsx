import { useMemo, useState } from 'react';
import { finiteRange, symmetricRange } from '../feature-maps/scaling.js';
import { ColorLegend } from '../feature-maps/ColorLegend.js';
import { kernelDims } from './kernel-shape.js';
import { KernelSlot } from './KernelSlot.js';

/** Props of {@link KernelEditor}. Fully controlled: the editor keeps no copy of the weights. */
export interface KernelEditorProps {
  /** The weights, row-major `[Cout, Cin/groups, kH, kW]`. Never modified; edits arrive through `onChange`. */
  value: Float32Array;
  shape: readonly number[];
  /** A new array with the edit applied; never contains NaN from typed text. */
  onChange: (values: Float32Array) => void;
  /** Frozen weights are not trained; the editor shows them read-only. Default false. */
  frozen?: boolean;
  /** Shows the freeze toggle; without it the frozen state is only displayed. */
  onFrozenChange?: (frozen: boolean) => void;
  /** Names the layer, e.g. the node id. */
  label?: string;
  /** Slots (channel pairs) shown at once before the editor switches to one slot with pickers. Default 16. */
  maxSlots?: number;
}

/**
 * An editor for a convolution's weights: one grid of numeric inputs per (output, input) channel
 * pair on a diverging heat map (0 is white), presets, normalise-by-sum and a freeze toggle.
 *
 * @example
 * <KernelEditor value={weights} shape={[2, 1, 5, 5]} onChange={setWeights} frozen={frozen} onFrozenChange={setFrozen} label="conv1" />
 */
export function KernelEditor({ value, shape, onChange, frozen = false, onFrozenChange, label, maxSlots = 16 }: KernelEditorProps) {
  const [picked, setPicked] = useState({ out: 0, input: 0 });
  const dims = useMemo(() => {
    try {
      return kernelDims(shape, value.length);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }, [shape, value.length]);
  // One symmetric range for the whole layer, so colours compare across slots.
  const range = useMemo(() => symmetricRange(finiteRange(value) ?? { min: 0, max: 0 }), [value]);

  if (typeof dims === 'string') {
    return (
      <div className="cs-kernel-editor cs-error" role="alert">
        {dims}
      </div>
    );
  }
  const slotCount = dims.outChannels * dims.inChannels;
  const all = slotCount <= maxSlots;
  const out = Math.min(picked.out, dims.outChannels - 1);
  const input = Math.min(picked.input, dims.inChannels - 1);
  const slots = all ? Array.from({ length: slotCount }, (_, s) => ({ out: Math.floor(s / dims.inChannels), input: s % dims.inChannels })) : [{ out, input }];
  const picker = (axis: 'out' | 'input', count: number, current: number) => (
    <label>
      {axis === 'out' ? 'Output channel' : 'Input channel'}{' '}
      <select className="cs-select nodrag" value={current} onChange={(e) => setPicked((p) => ({ ...p, [axis]: Number(e.target.value) }))}>
        {Array.from({ length: count }, (_, i) => (
          <option key={i} value={i}>
            {i}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section className="cs-kernel-editor" aria-label={label ? `Kernel of ${label}` : 'Kernel'} data-frozen={frozen}>
      <div className="cs-toolbar">
        <span className="cs-muted">
          {dims.outChannels} x {dims.inChannels} kernels of {dims.height}x{dims.width}
        </span>
        {onFrozenChange ? (
          <label>
            <input type="checkbox" className="nodrag" checked={frozen} onChange={(e) => onFrozenChange(e.target.checked)} /> Frozen (not trained)
          </label>
        ) : (
          frozen && <span className="cs-badge">frozen</span>
        )}
      </div>
      {!all && (
        <div className="cs-toolbar" data-testid="kernel-slot-picker">
          {picker('out', dims.outChannels, out)}
          {picker('input', dims.inChannels, input)}
          <span className="cs-muted">
            showing 1 of {slotCount} channel pairs
          </span>
        </div>
      )}
      <div className="cs-kernel-slots">
        {slots.map((s) => (
          <KernelSlot key={`${s.out}-${s.input}`} values={value} dims={dims} out={s.out} input={s.input} range={range} frozen={frozen} onChange={onChange} />
        ))}
      </div>
      <ColorLegend colormap="diverging" min={range.min} max={range.max} label="weights" width={120} />
    </section>
  );
}
