import { useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { BufferGeometry, DoubleSide, Float32BufferAttribute, LineBasicMaterial, MeshBasicMaterial, PlaneGeometry, type InstancedMesh } from 'three';
import type { NodeStackLayout } from './layout.js';
import { frameSegments, highlightMatrices } from './overlays.js';
import type { LayerHighlight } from './receptive-rects.js';

/** Props of {@link StackOverlays}. */
export interface StackOverlaysProps {
  stack: NodeStackLayout;
  highlight?: LayerHighlight;
  /** Channel outlined in gold (the selected one), -1 for none. */
  selectedChannel: number;
}

const HIGHLIGHT_COLOUR = '#19d9ff';
const SELECTED_COLOUR = '#ffc733';
const SQUARE = [-0.5, 0.5, 0, 0.5, 0.5, 0, 0.5, -0.5, 0, -0.5, -0.5, 0];

/**
 * What is drawn over a node's planes: a thin frame around each (one merged line geometry), the
 * receptive-field rectangle on each (one instanced translucent quad mesh) and a gold outline on
 * the selected channel.
 *
 * @example
 * <StackOverlays stack={stack} highlight={highlights.get(stack.id)} selectedChannel={-1} />
 */
export function StackOverlays({ stack, highlight, selectedChannel }: StackOverlaysProps) {
  const invalidate = useThree((state) => state.invalidate);
  const quads = useRef<InstancedMesh>(null);
  const frames = useMemo(() => new BufferGeometry().setAttribute('position', new Float32BufferAttribute(frameSegments(stack), 3)), [stack]);
  const parts = useMemo(
    () => ({
      quad: new PlaneGeometry(1, 1),
      square: new BufferGeometry().setAttribute('position', new Float32BufferAttribute(SQUARE, 3)),
      frameMaterial: new LineBasicMaterial({ color: '#4a4f5a', toneMapped: false }),
      selectedMaterial: new LineBasicMaterial({ color: SELECTED_COLOUR, toneMapped: false }),
      // Same depth as the planes, pulled forward by polygon offset, so no z-fighting from either side.
      highlightMaterial: new MeshBasicMaterial({
        color: HIGHLIGHT_COLOUR, transparent: true, opacity: 0.45, depthWrite: false, side: DoubleSide, toneMapped: false,
        polygonOffset: true, polygonOffsetFactor: -1, polygonOffsetUnits: -4,
      }),
    }),
    [],
  );
  useEffect(() => () => frames.dispose(), [frames]);
  useEffect(
    () => () => {
      for (const part of Object.values(parts)) part.dispose();
    },
    [parts],
  );

  const rect = highlight?.rect;
  const role = highlight?.role;
  useLayoutEffect(() => {
    const mesh = quads.current;
    if (!mesh || !rect) return;
    mesh.instanceMatrix.array.set(highlightMatrices(stack, rect));
    mesh.instanceMatrix.needsUpdate = true;
    mesh.computeBoundingSphere();
    parts.highlightMaterial.opacity = role === 'selected' ? 0.85 : 0.45;
    invalidate();
  }, [stack, rect, role, parts, invalidate]);
  useEffect(() => invalidate(), [selectedChannel, rect, invalidate]);

  const selectedZ = -(stack.depthStart + Math.max(0, selectedChannel) * stack.spacing);
  return (
    <>
      <lineSegments geometry={frames} material={parts.frameMaterial} />
      <instancedMesh ref={quads} args={[parts.quad, parts.highlightMaterial, stack.atlas.count]} visible={rect !== undefined} renderOrder={1} />
      <lineLoop
        geometry={parts.square}
        material={parts.selectedMaterial}
        visible={selectedChannel >= 0}
        position={[0, 0, selectedZ]}
        scale={[stack.width, stack.height, 1]}
      />
    </>
  );
}
