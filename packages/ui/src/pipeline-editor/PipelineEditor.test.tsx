// @vitest-environment happy-dom
import { leNet5, type Pipeline } from '@convstudio/core';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installFlowStubs } from './flow-test-env.fixture.js';
import { PipelineEditor } from './PipelineEditor.js';
import { LAYER_KIND_MIME } from './LayerPalette.js';
import { skipPipeline, smallChain } from './test-pipelines.fixture.js';

beforeAll(installFlowStubs);
afterEach(cleanup);

/** A parent that owns the document, as the studio does; `seen` records every onChange. */
function Host({ initial, seen, inputShape }: { initial: Pipeline; seen: Pipeline[]; inputShape?: number[] }) {
  const [pipeline, setPipeline] = useState(initial);
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <PipelineEditor
      pipeline={pipeline}
      onChange={(next) => {
        seen.push(next);
        setPipeline(next);
      }}
      inputShape={inputShape}
      selectedNodeId={selected}
      onSelectNode={setSelected}
    />
  );
}

const nodeIds = () => screen.getAllByTestId('layer-node').map((n) => n.getAttribute('data-node-id'));
const nodeEl = (id: string) => screen.getAllByTestId('layer-node').find((n) => n.dataset.nodeId === id)!;
const paletteItem = (kind: string) => screen.getAllByTestId('palette-item').find((i) => i.dataset.kind === kind)!;
const editor = () => screen.getByTestId('pipeline-editor');

describe('PipelineEditor (React Flow in happy-dom)', () => {
  it('draws every node with its output shape, params and MACs', async () => {
    render(<Host initial={smallChain()} seen={[]} inputShape={[1, 1, 8, 8]} />);
    await act(async () => {});
    expect(nodeIds()).toEqual(['input', 'conv1', 'relu1', 'pool1']);
    const conv = nodeEl('conv1');
    expect(conv.querySelector('[data-testid="node-shape"]')?.textContent).toBe('1×4×6×6');
    // 4 filters of 1x3x3 plus 4 biases; 4*6*6 outputs * 9 taps.
    expect(conv.querySelector('[data-testid="node-params"]')?.textContent).toBe('40');
    expect(conv.querySelector('[data-testid="node-macs"]')?.textContent).toBe('1.3 k');
    expect(nodeEl('pool1').querySelector('[data-testid="node-shape"]')?.textContent).toBe('1×4×3×3');
  });

  it('adds a layer from the palette after the selected node; undo and redo restore the documents', async () => {
    const seen: Pipeline[] = [];
    render(<Host initial={smallChain()} seen={seen} />);
    await act(async () => {});
    fireEvent.click(paletteItem('relu'));
    expect(nodeIds()).toEqual(['input', 'conv1', 'relu1', 'pool1', 'relu2']);
    // Not connected yet (nothing was selected): the core's words mark the node.
    expect(nodeEl('relu2').dataset.invalid).toBe('true');
    expect(nodeEl('relu2').querySelector('[role="alert"]')?.textContent).toBe('Expected exactly 1 incoming edge, got 0.');
    // The new node is selected, so the next click chains after it.
    fireEvent.click(paletteItem('flatten'));
    expect(seen.at(-1)?.edges.at(-1)).toEqual({ source: 'relu2', target: 'flatten1' });

    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(nodeIds()).toEqual(['input', 'conv1', 'relu1', 'pool1', 'relu2']);
    fireEvent.keyDown(editor(), { key: 'z', ctrlKey: true });
    expect(nodeIds()).toEqual(['input', 'conv1', 'relu1', 'pool1']);
    expect(seen.at(-1)).toEqual(smallChain());
    fireEvent.keyDown(editor(), { key: 'z', metaKey: true, shiftKey: true });
    expect(nodeIds()).toHaveLength(5);
    fireEvent.click(screen.getByRole('button', { name: 'Redo' }));
    expect(nodeIds()).toHaveLength(6);
    expect((screen.getByRole('button', { name: 'Redo' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('edits the selected node in the panel; a bad value shows the core text; typing is one undo step', async () => {
    const seen: Pipeline[] = [];
    render(<Host initial={smallChain()} seen={seen} />);
    await act(async () => {});
    fireEvent.click(paletteItem('conv2d'));
    const out = () => document.querySelector('form [name="outChannels"]') as HTMLInputElement;
    expect(out().value).toBe('8');
    fireEvent.change(out(), { target: { value: '1' } });
    fireEvent.change(out(), { target: { value: '16' } });
    expect(seen.at(-1)?.nodes.at(-1)?.params).toMatchObject({ outChannels: 16 });
    fireEvent.change(out(), { target: { value: '-3' } });
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain('Output channels must be at least 1.');
    expect(seen.at(-1)?.nodes.at(-1)?.params).toMatchObject({ outChannels: 16 });
    // Both keystrokes undo together, back to the default of the added node.
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(seen.at(-1)?.nodes.at(-1)?.params).toMatchObject({ outChannels: 8 });
    expect(out().value).toBe('8');
  });

  it('marks a node whose params the shapes cannot take, with the core message', async () => {
    const bad = smallChain();
    bad.nodes[1] = { id: 'conv1', kind: 'conv2d', params: { outChannels: 4, kernelSize: 9 } };
    render(<Host initial={bad} seen={[]} />);
    await act(async () => {});
    const conv = nodeEl('conv1');
    expect(conv.dataset.invalid).toBe('true');
    expect(conv.querySelector('[data-testid="node-error-badge"]')?.textContent).toBe('1');
    expect(conv.querySelector('[role="alert"]')?.textContent).toMatch(/^Kernel 9x9 .* is larger/);
    expect(nodeEl('input').dataset.invalid).toBeUndefined();
    // Selected, the same words stand at the field the core names.
    fireEvent.click(conv);
    const kernel = document.querySelector('form [name="kernelSize"]') as HTMLInputElement;
    expect(kernel.getAttribute('aria-invalid')).toBe('true');
    const detail = document.getElementById(kernel.getAttribute('aria-describedby') ?? '')?.textContent ?? '';
    expect(detail.length).toBeGreaterThan(0);
    expect(conv.querySelector('[role="alert"]')?.textContent).toContain(detail);
  });

  it('deletes, copies and pastes the selection with the keyboard, never deleting in a text field', async () => {
    const seen: Pipeline[] = [];
    render(<Host initial={smallChain()} seen={seen} />);
    await act(async () => {});
    fireEvent.click(paletteItem('linear'));
    const field = document.querySelector('form [name="outFeatures"]') as HTMLInputElement;
    fireEvent.keyDown(field, { key: 'Backspace' });
    expect(nodeIds()).toContain('fc1');
    fireEvent.keyDown(editor(), { key: 'c', ctrlKey: true });
    fireEvent.keyDown(editor(), { key: 'v', ctrlKey: true });
    expect(nodeIds()).toEqual(['input', 'conv1', 'relu1', 'pool1', 'fc1', 'fc2']);
    expect(seen.at(-1)?.nodes.at(-1)).toEqual({ id: 'fc2', kind: 'linear', params: { outFeatures: 10 } });
    // The pasted copy is now the selection: Delete removes it, and the toolbar removes fc1.
    fireEvent.keyDown(editor(), { key: 'Delete' });
    expect(nodeIds()).toEqual(['input', 'conv1', 'relu1', 'pool1', 'fc1']);
    fireEvent.click(nodeEl('fc1'));
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(nodeIds()).toEqual(['input', 'conv1', 'relu1', 'pool1']);
    expect(seen.at(-1)).toEqual(smallChain());
  });

  it('gives add one input handle per input plus a free one, a layer one, the input none', async () => {
    render(<Host initial={skipPipeline()} seen={[]} />);
    await act(async () => {});
    const targets = (id: string) => [...nodeEl(id).querySelectorAll('.react-flow__handle.target')].map((h) => h.getAttribute('data-handleid'));
    expect(targets('add1')).toEqual(['in-0', 'in-1', 'in-2']);
    expect(targets('conv1')).toEqual(['in-0']);
    expect(targets('input')).toEqual([]);
    expect(nodeEl('add1').querySelector('[data-testid="node-shape"]')?.textContent).toBe('1×2×8×8');
  });

  it('adds the dropped palette kind where it is dropped, unconnected', async () => {
    const seen: Pipeline[] = [];
    const onPositionsChange = vi.fn();
    render(<PipelineEditor pipeline={smallChain()} onChange={(p) => seen.push(p)} onPositionsChange={onPositionsChange} />);
    await act(async () => {});
    const pane = document.querySelector('.react-flow')!.parentElement!;
    fireEvent.drop(pane, { dataTransfer: { getData: (type: string) => (type === LAYER_KIND_MIME ? 'sigmoid' : '') }, clientX: 30, clientY: 40 });
    expect(seen).toHaveLength(1);
    expect(seen[0].nodes.at(-1)).toEqual({ id: 'sigmoid1', kind: 'sigmoid', params: {} });
    expect(seen[0].edges).toEqual(smallChain().edges);
    expect(Object.keys(onPositionsChange.mock.calls[0][0])).toContain('sigmoid1');
    fireEvent.drop(pane, { dataTransfer: { getData: () => 'not-a-kind' } });
    expect(seen).toHaveLength(1);
  });

  it('lays the graph out top to bottom or left to right from the toolbar', async () => {
    const onPositionsChange = vi.fn();
    render(<PipelineEditor pipeline={smallChain()} onChange={() => {}} onPositionsChange={onPositionsChange} />);
    await act(async () => {});
    fireEvent.click(screen.getByRole('button', { name: 'Layout →' }));
    const lr = onPositionsChange.mock.calls.at(-1)?.[0] as Record<string, { x: number; y: number }>;
    expect(lr.conv1.x).toBeGreaterThan(lr.input.x);
    expect(lr.conv1.y).toBeCloseTo(lr.input.y);
    expect(nodeEl('conv1').querySelector('.react-flow__handle.target')?.classList.contains('react-flow__handle-left')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Layout ↓' }));
    const tb = onPositionsChange.mock.calls.at(-1)?.[0] as Record<string, { x: number; y: number }>;
    expect(tb.conv1.y).toBeGreaterThan(tb.input.y);
  });

  it('multi-selects with the modifier key held, and copies, pastes and deletes the whole selection', async () => {
    const seen: Pipeline[] = [];
    render(<Host initial={smallChain()} seen={seen} />);
    await act(async () => {});
    fireEvent.click(nodeEl('conv1'));
    // React Flow tracks the multi-selection key on the window (Meta on macOS, Control elsewhere).
    const modifier = navigator.userAgent.includes('Mac') ? 'Meta' : 'Control';
    fireEvent.keyDown(window, { key: modifier });
    fireEvent.click(nodeEl('relu1'));
    fireEvent.keyUp(window, { key: modifier });
    expect(screen.getAllByTestId('layer-node').filter((n) => n.closest('.react-flow__node')?.classList.contains('selected')).map((n) => n.dataset.nodeId)).toEqual(['conv1', 'relu1']);
    fireEvent.keyDown(editor(), { key: 'c', metaKey: true });
    fireEvent.keyDown(editor(), { key: 'v', metaKey: true });
    expect(nodeIds()).toEqual(['input', 'conv1', 'relu1', 'pool1', 'conv2', 'relu2']);
    expect(seen.at(-1)?.edges.at(-1)).toEqual({ source: 'conv2', target: 'relu2' });
    fireEvent.keyDown(editor(), { key: 'Delete' });
    expect(nodeIds()).toEqual(['input', 'conv1', 'relu1', 'pool1']);
  });

  it('records a document the parent swaps in (a template), so undo brings the old one back', async () => {
    const seen: Pipeline[] = [];
    function Loader() {
      const [pipeline, setPipeline] = useState(smallChain);
      return (
        <>
          <button onClick={() => setPipeline(leNet5())}>load</button>
          <PipelineEditor pipeline={pipeline} onChange={(next) => { seen.push(next); setPipeline(next); }} />
        </>
      );
    }
    render(<Loader />);
    await act(async () => {});
    fireEvent.click(screen.getByText('load'));
    await act(async () => {});
    expect(nodeIds()).toEqual(leNet5().nodes.map((n) => n.id));
    expect(nodeEl('conv1').querySelector('[data-testid="node-shape"]')?.textContent).toBe('1×6×28×28');
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(seen.at(-1)).toEqual(smallChain());
    expect(nodeIds()).toEqual(['input', 'conv1', 'relu1', 'pool1']);
  });
});
