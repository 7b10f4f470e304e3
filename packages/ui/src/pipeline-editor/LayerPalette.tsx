import { nodeKinds, type LayerKind } from '@convstudio/core';
import type { DragEvent } from 'react';
import { layerCatalog, layerGroups } from './layer-catalog.js';
import { layerIcons } from './layer-icons.js';

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
    <div role="toolbar" aria-label="Layers" aria-orientation="vertical" className={className ?? 'cs-layer-palette'}>
      {layerGroups.filter((group) => paletteKinds.some((kind) => layerCatalog[kind].group === group)).map((group) => (
        <section key={group} className="cs-palette-group" aria-label={group} data-group={group}>
          <h4 className="cs-palette-heading">{group}</h4>
          {paletteKinds.filter((kind) => layerCatalog[kind].group === group).map((kind) => {
            const Icon = layerIcons[kind];
            const { title, description } = layerCatalog[kind];
            return (
              <button
                key={kind}
                type="button"
                draggable
                className="cs-palette-item"
                data-testid="palette-item"
                data-kind={kind}
                data-group={group}
                title={`${description}\nClick to add after the selected layer, or drag onto the canvas.`}
                aria-label={`Add ${title}`}
                onClick={() => onAdd(kind)}
                onDragStart={(event) => startDrag(event, kind)}
              >
                <Icon size={14} aria-hidden /> {title}
              </button>
            );
          })}
        </section>
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
