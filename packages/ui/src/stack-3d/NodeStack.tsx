import type { Tensor } from '@convstudio/core';
import { useThree, type ThreeEvent } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { BufferGeometry, Float32BufferAttribute, InstancedBufferAttribute, Uint16BufferAttribute, type InstancedMesh } from 'three';
import { cellOrigins } from './atlas.js';
import { planeMatrices, type NodeStackLayout } from './layout.js';
import { ringPlane } from './plane-geometry.js';
import { createStackMaterial } from './stack-material.js';
import { fillAtlas, type LookupTable, type Scaling } from './texels.js';
import { useAtlasTexture } from './useAtlasTexture.js';

/** Props of {@link NodeStack}. */
export interface NodeStackProps {
  stack: NodeStackLayout;
  tensor: Tensor;
  sample: number;
  lookupTable: LookupTable;
  scaling: Scaling;
  /** A click (not a drag) on plane `instance` at `uv`. */
  onPick?: (stack: NodeStackLayout, instance: number, uv: { x: number; y: number }) => void;
}

// Pointer travel (CSS pixels) past which a press is an orbit drag, not a click.
const CLICK_SLOP = 4;

/**
 * One node's channels as a single instanced mesh (one draw call) over one atlas texture:
 * geometry and matrices change with the layout only; new values of the same shape refill the
 * texture's buffer in place.
 *
 * @example
 * <NodeStack stack={layout.stacks[0]} tensor={x} sample={0} lookupTable={grayscaleLut()} scaling="channel" />
 */
export function NodeStack({ stack, tensor, sample, lookupTable, scaling, onPick }: NodeStackProps) {
  const invalidate = useThree((state) => state.invalidate);
  const { atlas } = stack;
  const mesh = useRef<InstancedMesh>(null);
  const texture = useAtlasTexture(atlas.width, atlas.height);
  const material = useMemo(() => createStackMaterial(), []);
  const geometry = useMemo(() => {
    const ring = ringPlane();
    const plane = new BufferGeometry();
    plane.setAttribute('position', new Float32BufferAttribute(ring.positions, 3));
    plane.setAttribute('uv', new Float32BufferAttribute(ring.uvs, 2));
    plane.setAttribute('ringCorner', new Float32BufferAttribute(ring.corners, 3));
    plane.setIndex(new Uint16BufferAttribute(ring.index, 1));
    plane.setAttribute('cellOrigin', new InstancedBufferAttribute(cellOrigins(atlas), 2));
    return plane;
  }, [atlas]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  useEffect(() => () => material.dispose(), [material]);

  useLayoutEffect(() => {
    const current = mesh.current;
    if (!current) return;
    current.instanceMatrix.array.set(planeMatrices(stack));
    current.instanceMatrix.needsUpdate = true;
    // Raycasting and frustum culling read these; three does not recompute them on its own.
    current.computeBoundingBox();
    current.computeBoundingSphere();
    material.uniforms.planeSpacing.value = stack.spacing;
    material.uniforms.planeCount.value = stack.atlas.count;
    invalidate();
  }, [stack, geometry, material, invalidate]);

  useLayoutEffect(() => {
    const batch = tensor.shape[0];
    if (!Number.isInteger(sample) || sample < 0 || sample >= batch) {
      throw new Error(`FeatureStack3D: sample ${sample} is outside layer "${stack.id}"'s batch of ${batch}`);
    }
    const valuesPerMap = tensor.size / batch / atlas.count;
    fillAtlas(texture.image.data as Uint8Array, atlas, { data: tensor.data, offset: sample * valuesPerMap * atlas.count, valuesPerMap }, lookupTable, scaling);
    texture.needsUpdate = true;
    material.uniforms.atlas.value = texture;
    material.uniforms.atlasSize.value.set(atlas.width, atlas.height);
    material.uniforms.cellSize.value.set(atlas.cellWidth, atlas.cellHeight);
    invalidate();
  }, [texture, material, atlas, tensor, sample, lookupTable, scaling, stack.id, invalidate]);

  const onClick = (event: ThreeEvent<MouseEvent>) => {
    // The nearest plane answers; the planes behind it must not.
    event.stopPropagation();
    if (event.delta > CLICK_SLOP || event.instanceId === undefined || !event.uv) return;
    onPick?.(stack, event.instanceId, event.uv);
  };

  return <instancedMesh ref={mesh} args={[geometry, material, atlas.count]} frustumCulled onClick={onPick ? onClick : undefined} />;
}
