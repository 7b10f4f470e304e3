// @vitest-environment happy-dom
import type { Pipeline } from '@convstudio/core';
import { cleanup, fireEvent, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NodeInputs } from './NodeInputs.js';
import { skipPipeline, smallChain } from './test-pipelines.fixture.js';

afterEach(cleanup);

const select = (name: string) => document.querySelector(`select[name="${name}"]`) as HTMLSelectElement;

describe('NodeInputs (edges by keyboard)', () => {
  it("rewires a one-input layer from a select, and disables the sources that would close a cycle", () => {
    const onChange = vi.fn();
    const pipeline = smallChain();
    render(<NodeInputs pipeline={pipeline} node={pipeline.nodes[2]} onChange={onChange} />);
    expect(select('input-from').value).toBe('conv1');
    const pool = [...select('input-from').options].find((o) => o.value === 'pool1');
    expect(pool?.disabled).toBe(true);
    expect(pool?.title).toContain('cycle');
    fireEvent.change(select('input-from'), { target: { value: 'input' } });
    const [next] = onChange.mock.calls[0] as [Pipeline];
    expect(next.edges.filter((e) => e.target === 'relu1')).toEqual([{ source: 'input', target: 'relu1' }]);
  });

  it('adds and removes inputs of a merge node', () => {
    const onChange = vi.fn();
    const pipeline = skipPipeline();
    const add = pipeline.nodes.find((n) => n.id === 'add1')!;
    const { getByRole } = render(<NodeInputs pipeline={pipeline} node={add} onChange={onChange} />);
    fireEvent.change(select('add-input'), { target: { value: 'conv1' } });
    const [added] = onChange.mock.calls[0] as [Pipeline];
    expect(added.edges.filter((e) => e.target === 'add1').map((e) => e.source)).toEqual(['relu1', 'conv2', 'conv1']);
    fireEvent.click(getByRole('button', { name: 'Remove input 2 (conv2)' }));
    const [removed] = onChange.mock.calls[1] as [Pipeline];
    expect(removed.edges.filter((e) => e.target === 'add1').map((e) => e.source)).toEqual(['relu1']);
  });

  it('shows nothing for the input node', () => {
    const pipeline = smallChain();
    const { container } = render(<NodeInputs pipeline={pipeline} node={pipeline.nodes[0]} onChange={() => {}} />);
    expect(container.innerHTML).toBe('');
  });
});
