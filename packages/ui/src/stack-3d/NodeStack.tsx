import type { Tensor } from '@convstudio/core';
import { useThree, type ThreeEvent } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo } from 'react';
import { BufferGeometry, Float32BufferAttribute, Uint16BufferAttribute, Uint32BufferAttribute } from 'three';
import type { NodeStackLayout } from './layout.js';
import type { MapRect } from './receptive-rects.js';
import { RING_TRIANGLES, stackGeometry } from './stack-geometry.js';
import { createStackMaterial } from './stack-material.js';
import type { Scaling } from '../feature-maps/scaling.js';
import { fillAtlas, type LookupTable } from './texels.js';
import { useAtlasTexture } from './useAtlasTexture.js';

/** Props of {@link NodeStack}. */
export interface NodeStackProps {
  stack: NodeStackLayout;
  tensor: Tensor;
  sample: number;
  lookupTable: LookupTable;
  scaling: Scaling;
  /** The part of the maps kept bright while a unit is selected (its receptive field here); null dims the whole stack. */
  field?: MapRect | null;
  /** Whether a unit is selected somewhere: then everything outside `field` is dimmed. */
  dimmed?: boolean;
  /** A click (not a drag) on plane `plane` at `uv`. */
  onPick?: (stack: NodeStackLayout, plane: number, uv: { x: number; y: number }) => void;
  /** The pointer entered (the stack) or left (null) this stack; a frame follows. */
  onHover?: (stack: NodeStackLayout | null) => void;
}

// Pointer travel (CSS pixels) past which a press is an orbit drag, not a click.
const CLICK_SLOP = 4;
// Brightness left outside the receptive field while a unit is selected: dark enough that the
// field is what the eye finds, light enough that the maps around it still read.
const DIMMED = 0.28;

/**
 * One node's channels as one merged mesh (one draw call) over one atlas texture: the geometry
 * changes with the layout only; new values of the same shape refill the texture's buffer in
 * place and re-upload it.
 *
 * @example
 * <NodeStack stack={layout.stacks[0]} tensor={x} sample={0} lookupTable={grayscaleLut()} scaling="channel" />
 */
export function NodeStack({ stack, tensor, sample, lookupTable, scaling, field = null, dimmed = false, onPick, onHover }: NodeStackProps) {
  const invalidate = useThree((state) => state.invalidate);
  const { atlas } = stack;
  const texture = useAtlasTexture(atlas.width, atlas.height);
  const material = useMemo(() => createStackMaterial(), []);
  const geometry = useMemo(() => {
    const data = stackGeometry(stack);
    const merged = new BufferGeometry();
    merged.setAttribute('position', new Float32BufferAttribute(data.positions, 3));
    merged.setAttribute('uv', new Float32BufferAttribute(data.uvs, 2));
    merged.setAttribute('ringCorner', new Float32BufferAttribute(data.corners, 3));
    merged.setAttribute('plane', new Float32BufferAttribute(data.planes, 1));
    merged.setAttribute('cellOrigin', new Float32BufferAttribute(data.cellOrigins, 2));
    merged.setIndex(data.index instanceof Uint32Array ? new Uint32BufferAttribute(data.index, 1) : new Uint16BufferAttribute(data.index, 1));
    // Raycasting and frustum culling read these; the CPU positions are the full planes.
    merged.computeBoundingBox();
    merged.computeBoundingSphere();
    return merged;
  }, [stack]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  useEffect(() => () => material.dispose(), [material]);

  useLayoutEffect(() => {
    const { uniforms } = material;
    uniforms.planeSize.value.set(stack.width, stack.height);
    uniforms.planeSpacing.value = stack.spacing;
    uniforms.planeCount.value = atlas.count;
    invalidate();
  }, [material, stack, atlas, invalidate]);

  useLayoutEffect(() => {
    const batch = tensor.shape[0];
    if (!Number.isInteger(sample) || sample < 0 || sample >= batch) {
      throw new Error(`FeatureStack3D: sample ${sample} is outside layer "${stack.id}"'s batch of ${batch}`);
    }
    // A strip is one map of F values; maps are C maps of H*W, of which every channelStep-th is drawn.
    const maps = stack.kind === 'maps' ? stack.shape[0] : 1;
    const valuesPerMap = tensor.size / batch / maps;
    const source = { data: tensor.data, offset: sample * valuesPerMap * maps, valuesPerMap, stride: stack.channelStep, maps };
    fillAtlas(texture.image.data as Uint8Array, atlas, source, lookupTable, scaling);
    texture.needsUpdate = true;
    material.uniforms.atlas.value = texture;
    material.uniforms.atlasSize.value.set(atlas.width, atlas.height);
    material.uniforms.cellSize.value.set(atlas.cellWidth, atlas.cellHeight);
    invalidate();
  }, [texture, material, atlas, tensor, sample, lookupTable, scaling, stack, invalidate]);

  useLayoutEffect(() => {
    const { uniforms } = material;
    // Right and bottom exclusive; an empty rectangle when the field misses this stack.
    if (field) uniforms.fieldRect.value.set(field.left, field.top, field.right + 1, field.bottom + 1);
    else uniforms.fieldRect.value.set(0, 0, 0, 0);
    uniforms.dim.value = dimmed ? DIMMED : 1;
    invalidate();
  }, [material, field, dimmed, invalidate]);

  const onClick = (event: ThreeEvent<MouseEvent>) => {
    // The nearest plane answers; the planes behind it must not.
    event.stopPropagation();
    if (event.delta > CLICK_SLOP || event.faceIndex == null || !event.uv) return;
    onPick?.(stack, Math.floor(event.faceIndex / RING_TRIANGLES), event.uv);
  };

  const onOver = (event: ThreeEvent<PointerEvent>) => {
    event.stopPropagation();
    onHover?.(stack);
    invalidate();
  };
  const onOut = () => {
    onHover?.(null);
    invalidate();
  };
  return (
    <mesh
      geometry={geometry}
      material={material}
      onClick={onPick ? onClick : undefined}
      onPointerOver={onHover ? onOver : undefined}
      onPointerOut={onHover ? onOut : undefined}
    />
  );
}
