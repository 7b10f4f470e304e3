import { nodeKinds, type LayerKind } from '@convstudio/core';
import type { DragEvent } from 'react';

/** The drag-and-drop type a palette item carries; its data is the layer kind. */
export const LAYER_KIND_MIME = 'application/x-convstudio-layer-kind';

/** Every kind the palette offers: all but the input node, of which a pipeline has exactly one. */
export const paletteKinds: readonly LayerKind[] = nodeKinds.filter((k): k is LayerKind => k !== 'input');

/** Props of {@link LayerPalette}. */
export interface LayerPaletteProps {
  /** Called when an item is clicked (or Enter/Space pressed on it). */
  onAdd(kind: LayerKind): void;
  className?: string;
}

function startDrag(event: DragEvent<HTMLElement>, kind: LayerKind) {
  event.dataTransfer.setData(LAYER_KIND_MIME, kind);
  // Plain text too, so a drop outside the editor gives something readable.
  event.dataTransfer.setData('text/plain', kind);
  event.dataTransfer.effectAllowed = 'copy';
}

/**
 * Every layer kind, as buttons: click to add (after the selected node), or drag onto the canvas
 * to place it (the drop carries the kind as {@link LAYER_KIND_MIME}).
 *
 * @example
 * <LayerPalette onAdd={(kind) => console.log('add', kind)} />
 */
export function LayerPalette({ onAdd, className }: LayerPaletteProps) {
  return (
    <div role="toolbar" aria-label="Layers" className={className ?? 'cs-layer-palette'} style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
      {paletteKinds.map((kind) => (
        <button
          key={kind}
          type="button"
          draggable
          data-testid="palette-item"
          data-kind={kind}
          title={`Add ${kind} (click), or drag it onto the canvas`}
          onClick={() => onAdd(kind)}
          onDragStart={(event) => startDrag(event, kind)}
          style={{ textAlign: 'left', cursor: 'grab' }}
        >
          {kind}
        </button>
      ))}
    </div>
  );
}

/**
 * The layer kind a drop carries, if it came from the palette.
 *
 * @example
 * onDrop={(e) => { const kind = droppedKind(e.dataTransfer); ... }}
 */
export function droppedKind(data: Pick<DataTransfer, 'getData'>): LayerKind | undefined {
  const kind = data.getData(LAYER_KIND_MIME);
  return (paletteKinds as readonly string[]).includes(kind) ? (kind as LayerKind) : undefined;
}
