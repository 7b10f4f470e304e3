// @vitest-environment happy-dom
import type { Pipeline, PipelineIssue } from '@convstudio/core';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ParameterPanel } from './ParameterPanel.js';
import { smallChain } from './test-pipelines.fixture.js';

afterEach(cleanup);

const input = (name: string) => document.querySelector(`[name="${name}"]`) as HTMLInputElement;

describe('ParameterPanel', () => {
  it('shows typed fields of the node and sends the edited pipeline with a field key', () => {
    const onChange = vi.fn();
    const pipeline = smallChain();
    render(<ParameterPanel pipeline={pipeline} nodeId="conv1" onChange={onChange} />);
    expect(input('outChannels').value).toBe('4');
    expect(input('kernelSize').value).toBe('3');
    expect(input('stride').placeholder).toBe('default: 1');
    expect(input('bias').type).toBe('checkbox');
    expect(input('bias').checked).toBe(true);
    expect(input('outChannels').className).toContain('nodrag');

    fireEvent.change(input('kernelSize'), { target: { value: '3, 5' } });
    expect(onChange).toHaveBeenCalledTimes(1);
    const [next, key] = onChange.mock.calls[0] as [Pipeline, string];
    expect(key).toBe('params:conv1.kernelSize');
    expect(next.nodes[1].params).toEqual({ outChannels: 4, kernelSize: [3, 5] });
    expect(next.nodes[0]).toBe(pipeline.nodes[0]);
    expect(pipeline.nodes[1].params).toEqual({ outChannels: 4, kernelSize: 3 });

    fireEvent.change(input('padding'), { target: { value: 'same' } });
    expect((onChange.mock.calls[1][0] as Pipeline).nodes[1].params).toEqual({ outChannels: 4, kernelSize: 3, padding: 'same' });
    fireEvent.click(input('bias'));
    expect((onChange.mock.calls[2][0] as Pipeline).nodes[1].params).toEqual({ outChannels: 4, kernelSize: 3, bias: false });
  });

  it("keeps an invalid value uncommitted and shows the core's error text", () => {
    const onChange = vi.fn();
    render(<ParameterPanel pipeline={smallChain()} nodeId="conv1" onChange={onChange} />);
    fireEvent.change(input('outChannels'), { target: { value: '0' } });
    expect(onChange).not.toHaveBeenCalled();
    expect(input('outChannels').value).toBe('0');
    expect(input('outChannels').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('Output channels must be at least 1.');
    fireEvent.change(input('padding'), { target: { value: 'wide' } });
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain('Padding must be a number, "h, w", four numbers, "same" or "valid".');
    fireEvent.change(input('outChannels'), { target: { value: '16' } });
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  it("marks a field with the pipeline's issue for it (a shape error from inference)", () => {
    const issue: PipelineIssue = { nodeId: 'conv1', field: 'params.kernelSize', detail: 'kernel 9x9 is larger than the padded input 8x8', message: 'node "conv1" (conv2d): params.kernelSize: kernel 9x9 is larger than the padded input 8x8' };
    const general: PipelineIssue = { nodeId: 'conv1', field: 'inputs', detail: 'expected exactly 1 incoming edge, got 0', message: 'node "conv1" (conv2d): inputs: expected exactly 1 incoming edge, got 0' };
    render(<ParameterPanel pipeline={smallChain()} nodeId="conv1" onChange={() => {}} issues={[issue, general]} />);
    const alerts = screen.getAllByRole('alert').map((a) => a.textContent);
    expect(alerts).toEqual([general.message, 'Kernel 9x9 is larger than the padded input 8x8.']);
    expect(input('kernelSize').getAttribute('aria-invalid')).toBe('true');
  });

  it('follows the document after an outside change (undo) instead of keeping stale text', () => {
    function Host() {
      const [pipeline, setPipeline] = useState(smallChain);
      return (
        <>
          <button onClick={() => setPipeline(smallChain())}>reset</button>
          <ParameterPanel pipeline={pipeline} nodeId="conv1" onChange={setPipeline} />
        </>
      );
    }
    render(<Host />);
    fireEvent.change(input('outChannels'), { target: { value: '12' } });
    expect(input('outChannels').value).toBe('12');
    fireEvent.click(screen.getByText('reset'));
    expect(input('outChannels').value).toBe('4');
  });

  it('offers enum choices, shows the weights slot for learnable layers only, and an empty state', () => {
    const pipeline = smallChain();
    pipeline.nodes.push({ id: 'norm1', kind: 'normalize', params: {} });
    const renderWeights = vi.fn(() => <div data-testid="weights-slot" />);
    const onChange = vi.fn();
    const { rerender } = render(<ParameterPanel pipeline={pipeline} nodeId="norm1" onChange={onChange} renderWeights={renderWeights} />);
    const scope = document.querySelector('select[name="scope"]') as HTMLSelectElement;
    expect([...scope.options].map((o) => o.value)).toEqual(['', 'tensor', 'sample', 'map']);
    fireEvent.change(scope, { target: { value: 'map' } });
    expect((onChange.mock.calls[0][0] as Pipeline).nodes.at(-1)?.params).toEqual({ scope: 'map' });
    expect(screen.queryByTestId('weights-slot')).toBeNull();
    rerender(<ParameterPanel pipeline={pipeline} nodeId="conv1" onChange={onChange} renderWeights={renderWeights} />);
    expect(screen.getByTestId('weights-slot')).toBeTruthy();
    expect(renderWeights).toHaveBeenCalledWith(pipeline.nodes[1]);
    rerender(<ParameterPanel pipeline={pipeline} nodeId="relu1" onChange={onChange} />);
    expect(screen.getByText('ReLU has no parameters.')).toBeTruthy();
    rerender(<ParameterPanel pipeline={pipeline} nodeId={null} onChange={onChange} />);
    expect(screen.getByText('Select a layer to edit its parameters.')).toBeTruthy();
  });
});
