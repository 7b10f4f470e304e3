// @vitest-environment happy-dom
import { layerKinds, nodeKinds } from '@convstudio/core';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { droppedKind, LAYER_KIND_MIME, LayerPalette } from './LayerPalette.js';

afterEach(cleanup);

describe('LayerPalette', () => {
  it('offers every layer kind (all but the input) and adds on click', () => {
    const onAdd = vi.fn();
    render(<LayerPalette onAdd={onAdd} />);
    const items = screen.getAllByTestId('palette-item');
    expect(items.map((i) => i.getAttribute('data-kind')).sort()).toEqual(nodeKinds.filter((k) => k !== 'input').sort());
    expect(items).toHaveLength(layerKinds.length);
    fireEvent.click(items.find((i) => i.dataset.kind === 'maxPool2d')!);
    expect(onAdd).toHaveBeenCalledWith('maxPool2d');
  });

  it('puts the kind on the drag, and reads it back only from a palette drag', () => {
    render(<LayerPalette onAdd={() => {}} />);
    const item = screen.getAllByTestId('palette-item').find((i) => i.dataset.kind === 'conv2d')!;
    const data = new Map<string, string>();
    const dataTransfer = { setData: (type: string, value: string) => data.set(type, value), getData: (type: string) => data.get(type) ?? '', effectAllowed: '' };
    fireEvent.dragStart(item, { dataTransfer });
    expect(data.get(LAYER_KIND_MIME)).toBe('conv2d');
    expect(item.getAttribute('draggable')).toBe('true');
    expect(droppedKind(dataTransfer)).toBe('conv2d');
    expect(droppedKind({ getData: () => 'input' })).toBeUndefined();
    expect(droppedKind({ getData: () => '' })).toBeUndefined();
  });
});
