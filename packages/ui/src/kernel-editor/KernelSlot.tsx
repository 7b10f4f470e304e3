import type { KernelPresetName } from '@convstudio/core';
import { kernelPreset } from '@convstudio/core';
import { type RefObject, useLayoutEffect, useRef, useState } from 'react';
import type { ValueRange } from '../feature-maps/scaling.js';
import { KernelCell } from './KernelCell.js';
import { applyPreset, type KernelEdit, normaliseBySum, presetFits, presetOrder, setWeight } from './kernel-edits.js';
import { type KernelDims, slotOffset } from './kernel-shape.js';

/** Props of {@link KernelSlot}. */
export interface KernelSlotProps {
  values: Float32Array;
  dims: KernelDims;
  out: number;
  input: number;
  range: ValueRange;
  frozen: boolean;
  onChange: (values: Float32Array) => void;
}

/**
 * The kH x kW weights of one (output, input) channel pair, with a preset picker and
 * normalise-by-sum. Refused edits (a preset too large, a zero sum) are explained inline.
 *
 * @example
 * <KernelSlot values={w} dims={dims} out={0} input={0} range={{ min: -1, max: 1 }} frozen={false} onChange={setW} />
 */
export function KernelSlot({ values, dims, out, input, range, frozen, onChange }: KernelSlotProps) {
  const [message, setMessage] = useState<string | null>(null);
  // Bumped by whole-slot edits so every cell drops a half-typed draft and shows the new weights.
  const [revision, setRevision] = useState(0);
  const offset = slotOffset(dims, out, input);
  const apply = (edit: KernelEdit, done: string) => {
    if (!edit.ok) {
      setMessage(edit.reason);
      return;
    }
    setMessage(done);
    setRevision((r) => r + 1);
    onChange(edit.values);
  };
  const name = `out ${out}, in ${input}`;
  const cells = useRef<HTMLDivElement>(null);
  const fitChars = useFitChars(cells);
  return (
    <fieldset className="cs-kernel-slot" data-testid="kernel-slot" data-out={out} data-in={input} disabled={frozen}>
      <legend>{name}</legend>
      <div className="cs-toolbar">
        <select
          className="cs-select nodrag"
          aria-label={`Preset for ${name}`}
          value=""
          onChange={(e) => {
            const preset = e.target.value as KernelPresetName;
            apply(applyPreset(values, dims, out, input, preset), `Applied ${preset}.`);
          }}
        >
          <option value="">Preset…</option>
          {presetOrder().map((preset) => {
            const { size, description } = kernelPreset(preset);
            const fits = presetFits(preset, dims);
            return (
              <option key={preset} value={preset} disabled={!fits} title={description}>
                {preset} ({size}x{size}){fits ? '' : ', too large'}
              </option>
            );
          })}
        </select>
        <button type="button" className="cs-button nodrag" onClick={() => apply(normaliseBySum(values, dims, out, input), 'Divided by the sum.')}>
          Normalise by sum
        </button>
      </div>
      <div ref={cells} className="cs-kernel-cells" data-fit-chars={fitChars} style={{ gridTemplateColumns: `repeat(${dims.width}, minmax(3.2em, 1fr))` }}>
        {Array.from({ length: dims.height * dims.width }, (_, i) => (
          <KernelCell
            key={`${revision}-${i}`}
            value={values[offset + i]}
            range={range}
            label={`${name}, row ${Math.floor(i / dims.width)}, column ${i % dims.width}`}
            readOnly={frozen}
            fitChars={fitChars}
            onCommit={(value) => onChange(setWeight(values, offset + i, value))}
          />
        ))}
      </div>
      {message && (
        <p className="cs-note" data-testid="kernel-slot-message" aria-live="polite">
          {message}
        </p>
      )}
    </fieldset>
  );
}

// One 2D context measures the digit width for every slot and every resize: a canvas and context
// made per measurement were garbage for nothing (a kernel editor has a slot per channel pair).
// Kept only once made: where there is no canvas (a DOM without one) the next measurement asks again.
let textProbe: CanvasRenderingContext2D | null = null;
function digitProbe(): CanvasRenderingContext2D | null {
  textProbe ??= document.createElement('canvas').getContext('2d');
  return textProbe;
}

/**
 * How many characters a cell's input shows in full: its inner width over the width of one
 * digit of its (monospaced) font, measured now and whenever the grid is resized. Until measured
 * (and where there is no layout, as in jsdom) 8, which every formatted weight fits.
 */
function useFitChars(grid: RefObject<HTMLDivElement | null>): number {
  const [fit, setFit] = useState(8);
  useLayoutEffect(() => {
    const element = grid.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const input = element.querySelector('input');
      if (!input || input.clientWidth === 0) return;
      const style = getComputedStyle(input);
      const inner = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const probe = digitProbe();
      if (!probe) return;
      probe.font = `${style.fontSize} ${style.fontFamily}`;
      const digit = probe.measureText('0').width || parseFloat(style.fontSize) * 0.6;
      setFit(Math.max(3, Math.floor(inner / digit)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [grid]);
  return fit;
}
