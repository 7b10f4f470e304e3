// @vitest-environment happy-dom
import { diagonalEdgeKernel, kernelPreset } from '@convstudio/core';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { colorAt } from '../feature-maps/colormaps.js';
import { KernelEditor, type KernelEditorProps } from './KernelEditor.js';

afterEach(cleanup);

/** A parent that owns the weights, as the studio does; `changes` records every onChange. */
function Harness({ initial, shape, changes, ...rest }: { initial: Float32Array; shape: number[]; changes: Float32Array[] } & Partial<KernelEditorProps>) {
  const [value, setValue] = useState(initial);
  const [frozen, setFrozen] = useState(false);
  return (
    <KernelEditor
      value={value}
      shape={shape}
      frozen={frozen}
      onFrozenChange={setFrozen}
      onChange={(next) => {
        changes.push(next);
        setValue(next);
      }}
      {...rest}
    />
  );
}

const cell = (out: number, input: number, row: number, col: number) => screen.getByLabelText(`out ${out}, in ${input}, row ${row}, column ${col}`) as HTMLInputElement;

describe('KernelEditor', () => {
  it('shows one grid per channel pair with heat-mapped cells', () => {
    render(<Harness initial={Float32Array.of(-1, 0, 0, 1, 2, 0, 0, 0)} shape={[2, 2, 1, 2]} changes={[]} />);
    const slots = screen.getAllByTestId('kernel-slot');
    expect(slots.map((s) => `${s.dataset.out},${s.dataset.in}`)).toEqual(['0,0', '0,1', '1,0', '1,1']);
    expect(cell(0, 0, 0, 0).value).toBe('-1');
    // Symmetric range [-2, 2]: -1 is light blue, 2 is the darkest red, 0 is near-white.
    expect(cell(1, 0, 0, 0).style.background).toBe('rgb(178 24 43)');
    const [r, g, b] = colorAt('diverging', 0.5);
    expect(cell(0, 0, 0, 1).style.background).toBe(`rgb(${r} ${g} ${b})`);
    expect(Math.min(r, g, b)).toBeGreaterThan(240);
  });

  it('applies a preset to the chosen slot only', () => {
    const changes: Float32Array[] = [];
    render(<Harness initial={new Float32Array(18).fill(5)} shape={[2, 1, 3, 3]} changes={changes} />);
    fireEvent.change(screen.getByLabelText('Preset for out 1, in 0'), { target: { value: 'sobelY' } });
    expect(changes).toHaveLength(1);
    expect([...changes[0].subarray(9)]).toEqual(kernelPreset('sobelY').values);
    expect([...changes[0].subarray(0, 9)]).toEqual(Array(9).fill(5));
    expect(cell(1, 0, 0, 1).value).toBe('-2');
    expect(screen.getByTestId('kernel-slot-message').textContent).toBe('Applied sobelY.');
  });

  it('lists the diagonal kernels first and disables presets larger than the kernel', () => {
    render(<Harness initial={new Float32Array(9)} shape={[1, 1, 3, 3]} changes={[]} />);
    const options = within(screen.getByLabelText('Preset for out 0, in 0')).getAllByRole('option') as HTMLOptionElement[];
    expect(options.slice(1, 3).map((o) => [o.value, o.disabled])).toEqual([
      ['diagonalEdge', true],
      ['rotatedDiagonalEdge', true],
    ]);
    expect(options.find((o) => o.value === 'laplacian')?.disabled).toBe(false);
  });

  it('normalises by the sum, and explains a zero sum without changing anything', () => {
    const changes: Float32Array[] = [];
    const raw = Float32Array.of(3, 1, 0, -1, -3, 1, 3, 1, 0, -1, 0, 1, 3, 1, 0, -1, 0, 1, 3, 1, -3, -1, 0, 1, 3);
    render(<Harness initial={raw} shape={[1, 1, 5, 5]} changes={changes} />);
    fireEvent.click(screen.getByRole('button', { name: 'Normalise by sum' }));
    expect([...changes[0]]).toEqual([...diagonalEdgeKernel().data]);
    // The entries sum to 13 (core's comments say 15; the arithmetic divides by the true sum).
    expect(cell(0, 0, 0, 0).value).toBe(String(Number((3 / 13).toPrecision(4))));
    fireEvent.change(screen.getByLabelText('Preset for out 0, in 0'), { target: { value: 'laplacian' } });
    fireEvent.click(screen.getByRole('button', { name: 'Normalise by sum' }));
    expect(changes).toHaveLength(2);
    expect(screen.getByTestId('kernel-slot-message').textContent).toMatch(/sum to 0.*left unchanged/);
  });

  it('commits valid typing, and shows an inline error for invalid text without emitting NaN', () => {
    const changes: Float32Array[] = [];
    render(<Harness initial={new Float32Array(4)} shape={[1, 1, 2, 2]} changes={changes} />);
    fireEvent.change(cell(0, 0, 1, 0), { target: { value: '1/4' } });
    expect(changes.at(-1)?.[2]).toBe(0.25);
    fireEvent.change(cell(0, 0, 1, 0), { target: { value: '1/4x' } });
    expect(changes).toHaveLength(1);
    expect(screen.getByRole('alert').textContent).toBe("'1/4x' is not a number");
    expect(cell(0, 0, 1, 0).getAttribute('aria-invalid')).toBe('true');
    expect(cell(0, 0, 1, 0).value).toBe('1/4x');
    fireEvent.change(cell(0, 0, 1, 0), { target: { value: '-0.5' } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(changes.every((c) => c.every((v) => Number.isFinite(v)))).toBe(true);
    expect([...changes.at(-1)!]).toEqual([0, 0, -0.5, 0]);
  });

  it('freezes: the toggle reports, and cells and actions become read-only', () => {
    const onFrozenChange = vi.fn();
    const { rerender } = render(<KernelEditor value={new Float32Array(9)} shape={[1, 1, 3, 3]} onChange={() => {}} onFrozenChange={onFrozenChange} />);
    fireEvent.click(screen.getByRole('checkbox', { name: /Frozen/ }));
    expect(onFrozenChange).toHaveBeenCalledWith(true);
    rerender(<KernelEditor value={new Float32Array(9)} shape={[1, 1, 3, 3]} onChange={() => {}} frozen onFrozenChange={onFrozenChange} />);
    expect(cell(0, 0, 0, 0).readOnly).toBe(true);
    expect((screen.getByRole('button', { name: 'Normalise by sum' }) as HTMLButtonElement).closest('fieldset')?.disabled).toBe(true);
    expect(screen.getByRole('region').dataset.frozen).toBe('true');
  });

  it('shows one slot with pickers when there are more than maxSlots', () => {
    render(<Harness initial={Float32Array.from({ length: 8 * 4 }, (_, i) => i)} shape={[8, 4, 1, 1]} changes={[]} maxSlots={16} />);
    expect(screen.getAllByTestId('kernel-slot')).toHaveLength(1);
    expect(screen.getByTestId('kernel-slot-picker').textContent).toMatch(/1 of 32 channel pairs/);
    fireEvent.change(screen.getByLabelText(/Output channel/), { target: { value: '5' } });
    fireEvent.change(screen.getByLabelText(/Input channel/), { target: { value: '3' } });
    expect(cell(5, 3, 0, 0).value).toBe(String(5 * 4 + 3));
  });

  it('shows a shape that does not match the values as an alert', () => {
    render(<KernelEditor value={new Float32Array(8)} shape={[1, 1, 3, 3]} onChange={() => {}} />);
    expect(screen.getByRole('alert').textContent).toBe('KernelEditor: value has 8 weights but shape [1,1,3,3] needs 9');
  });
});
