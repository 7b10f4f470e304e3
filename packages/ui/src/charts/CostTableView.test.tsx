// @vitest-environment happy-dom
import { alexNet, costTable, type Pipeline, workedExamplePipeline } from '@convstudio/core';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CostTableView, PipelineCostTable } from './CostTableView.js';

afterEach(cleanup);

const cellOf = (row: HTMLElement, column: string) => row.querySelector(`[data-column="${column}"]`) as HTMLElement;

describe('PipelineCostTable', () => {
  it("shows every node of AlexNet with totals equal to core's numbers", () => {
    const result = costTable(alexNet());
    if (!result.ok) throw new Error('alexNet must check');
    const { table } = result;
    render(<PipelineCostTable pipeline={alexNet()} />);
    const rows = screen.getAllByTestId('cost-row');
    expect(rows.map((r) => r.dataset.node)).toEqual(table.rows.map((r) => r.id));
    const total = screen.getByTestId('cost-total');
    expect(Number(cellOf(total, 'params').dataset.value)).toBe(table.totals.params);
    expect(cellOf(total, 'params').textContent).toBe('61,100,840');
    expect(Number(cellOf(total, 'macs').dataset.value)).toBe(table.totals.macs);
    expect(Number(cellOf(total, 'flops').dataset.value)).toBe(table.totals.flops);
    expect(Number(cellOf(total, 'memory').dataset.value)).toBe(table.totals.activationBytes);
    // The per-row cells add up to the totals shown, so no row was dropped or double counted.
    const sum = (column: string) => rows.reduce((s, r) => s + Number(cellOf(r, column).dataset.value), 0);
    expect(sum('params')).toBe(table.totals.params);
    expect(sum('macs')).toBe(table.totals.macs);
  });

  it("puts the document's estimate beside conv1's exact MACs, with the formula", () => {
    render(<PipelineCostTable pipeline={alexNet()} />);
    const rows = screen.getAllByTestId('cost-row');
    const conv1 = rows.find((r) => r.dataset.node === 'conv1')!;
    expect(cellOf(conv1, 'macs').textContent).toBe('70,276,800');
    expect(cellOf(conv1, 'estimate').textContent).toMatch(/^72,855,552/);
    expect(within(cellOf(conv1, 'estimate')).getByText(/11\*11 \* \(224\*224\)\/\(4\*4\) \* 3 \* 64/)).toBeTruthy();
    expect(cellOf(conv1, 'output').textContent).toBe('64x55x55');
    const notConv = rows.find((r) => r.children[1].textContent !== 'conv2d')!;
    expect(cellOf(notConv, 'estimate').textContent).toBe('—');
  });

  it('switches to SI prefixes', () => {
    render(<PipelineCostTable pipeline={alexNet()} />);
    fireEvent.click(screen.getByRole('checkbox', { name: /Short numbers/ }));
    expect(cellOf(screen.getByTestId('cost-total'), 'params').textContent).toBe('61.1 M');
    expect(cellOf(screen.getByTestId('cost-total'), 'params').title).toBe('61,100,840');
  });

  it('lists shape issues instead of a table', () => {
    const broken: Pipeline = { ...workedExamplePipeline(), edges: [] };
    render(<PipelineCostTable pipeline={broken} />);
    expect(screen.getByRole('alert').querySelectorAll('li').length).toBeGreaterThan(0);
    expect(screen.queryByRole('table')).toBeNull();
  });
});

describe('CostTableView', () => {
  it('renders a given table, with FLOPs optional and memory in binary units', () => {
    const result = costTable(workedExamplePipeline());
    if (!result.ok) throw new Error('worked example must check');
    render(<CostTableView table={result.table} showFlops={false} caption="Worked example" />);
    expect(screen.getByRole('table', { name: 'Worked example' })).toBeTruthy();
    expect(screen.queryByRole('columnheader', { name: 'FLOPs' })).toBeNull();
    const total = screen.getByTestId('cost-total');
    expect(Number(cellOf(total, 'memory').dataset.value)).toBe(result.table.totals.activationBytes);
    expect(cellOf(total, 'memory').textContent).toMatch(/ (B|KiB|MiB)$/);
  });
});

describe('CostTableView in a narrow panel', () => {
  /** Pretends every element is `client` px wide with content `scroll` px wide (happy-dom lays nothing out). */
  function widths(client: number, scroll: number) {
    const proto = HTMLElement.prototype as unknown as Record<string, unknown>;
    const saved = ['clientWidth', 'scrollWidth'].map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)] as const);
    Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => client });
    Object.defineProperty(proto, 'scrollWidth', { configurable: true, get: () => scroll });
    return () => saved.forEach(([k, d]) => (d ? Object.defineProperty(proto, k, d) : delete proto[k]));
  }

  it('shortens exact numbers that would not fit, says so, and lets the user have them back', () => {
    const restore = widths(300, 700);
    try {
      const result = costTable(alexNet());
      if (!result.ok) throw new Error('alexNet must check');
      render(<CostTableView table={result.table} />);
      const box = screen.getByLabelText('Short numbers (k, M, G)') as HTMLInputElement;
      expect(box.checked).toBe(true);
      expect(screen.getByTestId('cost-shortened').textContent).toMatch(/shortened to fit/);
      expect(cellOf(screen.getByTestId('cost-total'), 'params').textContent).not.toBe('61,100,840');
      fireEvent.click(box);
      expect(box.checked).toBe(false);
      expect(cellOf(screen.getByTestId('cost-total'), 'params').textContent).toBe('61,100,840');
      expect(screen.queryByTestId('cost-shortened')).toBeNull();
    } finally {
      restore();
    }
  });

  it('keeps exact numbers where they fit', () => {
    const restore = widths(900, 700);
    try {
      const result = costTable(alexNet());
      if (!result.ok) throw new Error('alexNet must check');
      render(<CostTableView table={result.table} />);
      expect((screen.getByLabelText('Short numbers (k, M, G)') as HTMLInputElement).checked).toBe(false);
      expect(cellOf(screen.getByTestId('cost-total'), 'params').textContent).toBe('61,100,840');
    } finally {
      restore();
    }
  });
});
