import { useEffect, useMemo } from 'react';
import { CanvasTexture, SpriteMaterial } from 'three';

/** Props of {@link StackLabel}. */
export interface StackLabelProps {
  text: string;
  position: [number, number, number];
  /** Height of the text in world units. */
  height?: number;
}

const FONT_PX = 48;

/**
 * A caption drawn once onto a canvas texture and shown as a camera-facing sprite, over the
 * stacks (no depth test: a caption hidden behind its own stack says nothing); the texture is
 * disposed when the text changes.
 *
 * @example
 * <StackLabel text="conv1 8×26×26" position={[0, 2.4, -3]} />
 */
export function StackLabel({ text, position, height = 0.32 }: StackLabelProps) {
  const { material, aspect } = useMemo(() => {
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d');
    if (!context) throw new Error('StackLabel: no 2D canvas context for the label texture');
    const font = `600 ${FONT_PX}px system-ui, sans-serif`;
    context.font = font;
    canvas.width = Math.ceil(context.measureText(text).width) + 24;
    canvas.height = Math.ceil(FONT_PX * 1.4);
    // Resizing the canvas resets its state.
    context.font = font;
    context.fillStyle = 'rgba(20, 22, 28, 0.75)';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = '#e8eaf0';
    context.textBaseline = 'middle';
    context.fillText(text, 12, canvas.height / 2);
    const texture = new CanvasTexture(canvas);
    return { material: new SpriteMaterial({ map: texture, toneMapped: false, depthWrite: false, depthTest: false }), aspect: canvas.width / canvas.height };
  }, [text]);
  useEffect(
    () => () => {
      material.map?.dispose();
      material.dispose();
    },
    [material],
  );
  return <sprite material={material} position={position} scale={[height * aspect, height, 1]} renderOrder={2} />;
}
