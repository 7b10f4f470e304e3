import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { BoxGeometry, BufferGeometry, EdgesGeometry, Float32BufferAttribute, LineBasicMaterial, MeshBasicMaterial } from 'three';
import type { NodeStackLayout } from './layout.js';
import { frameSegments, highlightBox } from './overlays.js';
import type { LayerHighlight } from './receptive-rects.js';

/** Props of {@link StackOverlays}. */
export interface StackOverlaysProps {
  stack: NodeStackLayout;
  highlight?: LayerHighlight;
  /** Plane outlined in gold (the selected channel's), -1 for none. */
  selectedPlane: number;
}

const HIGHLIGHT_COLOUR = '#19d9ff';
const SELECTED_COLOUR = '#ffc733';
const SQUARE = [-0.5, 0.5, 0, 0.5, 0.5, 0, 0.5, -0.5, 0, -0.5, -0.5, 0];

/**
 * What is drawn over a node's planes: frames around some planes (one merged line geometry), the
 * receptive-field rectangle through all of them (one translucent box with its edges outlined;
 * the planes dim what lies outside it, see NodeStack) and a gold outline on the selected
 * channel's plane.
 *
 * @example
 * <StackOverlays stack={stack} highlight={highlights.get(stack.id)} selectedPlane={-1} />
 */
export function StackOverlays({ stack, highlight, selectedPlane }: StackOverlaysProps) {
  const invalidate = useThree((state) => state.invalidate);
  const frames = useMemo(() => new BufferGeometry().setAttribute('position', new Float32BufferAttribute(frameSegments(stack), 3)), [stack]);
  const parts = useMemo(
    () => ({
      box: new BoxGeometry(1, 1, 1),
      edges: new EdgesGeometry(new BoxGeometry(1, 1, 1)),
      edgeMaterial: new LineBasicMaterial({ color: HIGHLIGHT_COLOUR, toneMapped: false, depthTest: false }),
      square: new BufferGeometry().setAttribute('position', new Float32BufferAttribute(SQUARE, 3)),
      frameMaterial: new LineBasicMaterial({ color: '#4a4f5a', toneMapped: false }),
      selectedMaterial: new LineBasicMaterial({ color: SELECTED_COLOUR, toneMapped: false }),
      highlightMaterial: new MeshBasicMaterial({ color: HIGHLIGHT_COLOUR, transparent: true, opacity: 0.3, depthWrite: false, toneMapped: false }),
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
  const box = useMemo(() => (rect ? highlightBox(stack, rect) : null), [stack, rect]);
  const role = highlight?.role;
  // Props changed something drawn: on-demand rendering needs a frame asked for.
  useEffect(() => {
    parts.highlightMaterial.opacity = role === 'selected' ? 0.8 : 0.3;
    invalidate();
  }, [parts, box, role, selectedPlane, invalidate]);

  const selectedZ = -(stack.depthStart + Math.max(0, selectedPlane) * stack.spacing);
  return (
    <>
      <lineSegments geometry={frames} material={parts.frameMaterial} />
      {box && <mesh geometry={parts.box} material={parts.highlightMaterial} position={box.center} scale={box.size} renderOrder={1} />}
      {/* The field's outline, drawn over everything: a small field on a far stack still shows where it is. */}
      {box && <lineSegments geometry={parts.edges} material={parts.edgeMaterial} position={box.center} scale={box.size} renderOrder={3} />}
      <lineLoop
        geometry={parts.square}
        material={parts.selectedMaterial}
        visible={selectedPlane >= 0}
        position={[0, 0, selectedZ]}
        scale={[stack.width, stack.height, 1]}
      />
    </>
  );
}
