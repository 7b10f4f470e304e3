import { layerGroups, layerKinds, layerRegistry, type LayerGroup, type LayerKind } from '@convstudio/core';

/** The palette's sections, in the order a network is usually built (the core's list). */
export { layerGroups };
export type { LayerGroup };

/** How the editor presents one layer kind to a person. */
export interface LayerEntry {
  /** Readable name ("Conv 2D", not the kind's camelCase). */
  title: string;
  group: LayerGroup;
  /** One line on what the layer does. */
  description: string;
}

/**
 * Every layer kind's name, group and one-line description, read from the core's layer registry
 * (each kind's spec in packages/core/src/nn/layers/), so a new kind brings its own words.
 *
 * @example
 * layerCatalog.conv2d.title; // 'Conv 2D'
 */
export const layerCatalog: Record<LayerKind, LayerEntry> = Object.fromEntries(
  layerKinds.map((kind) => {
    const { group, editor } = layerRegistry[kind];
    return [kind, { title: editor.title, group, description: editor.description }];
  }),
) as Record<LayerKind, LayerEntry>;

/**
 * A node kind's readable name; the input node is "Input".
 *
 * @example
 * layerTitle('maxPool2d'); // 'Max pool'
 */
export function layerTitle(kind: string): string {
  return kind === 'input' ? 'Input' : (layerCatalog[kind as LayerKind]?.title ?? kind);
}
