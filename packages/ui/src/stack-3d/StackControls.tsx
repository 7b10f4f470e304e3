import { useThree } from '@react-three/fiber';
import { useEffect, useState } from 'react';
import { PerspectiveCamera } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

/** Props of {@link StackControls}. */
export interface StackControlsProps {
  /** Point the camera orbits and frames. */
  center: readonly [number, number, number];
  /** Radius of the scene's bounding sphere, to frame it whole. */
  radius: number;
}

// Seen from the front (+z), right and above, so the depth axis and the planes both show.
const VIEW_DIRECTION = [0.75, 0.45, 1] as const;

/**
 * Orbit (left drag), zoom (wheel) and pan (right drag) around the stacks, rendering on demand:
 * a frame is requested only when the controls move the camera. The camera is reframed when
 * the scene's bounds change.
 *
 * @example
 * <StackControls center={layout.center} radius={layout.radius} />
 */
export function StackControls({ center, radius }: StackControlsProps) {
  const camera = useThree((state) => state.camera);
  const element = useThree((state) => state.gl.domElement);
  const invalidate = useThree((state) => state.invalidate);
  const [controls, setControls] = useState<OrbitControls | null>(null);

  useEffect(() => {
    const created = new OrbitControls(camera, element);
    // No damping: it needs a frame every tick to settle, which on-demand rendering avoids.
    created.enableDamping = false;
    const onChange = () => invalidate();
    created.addEventListener('change', onChange);
    setControls(created);
    return () => {
      created.removeEventListener('change', onChange);
      created.dispose();
    };
  }, [camera, element, invalidate]);

  const [cx, cy, cz] = center;
  useEffect(() => {
    if (!controls) return;
    const fov = camera instanceof PerspectiveCamera ? camera.fov : 45;
    // The bounding sphere overstates a long, thin scene seen at an angle: come a little closer.
    const distance = (Math.max(radius, 1) / Math.sin(((fov / 2) * Math.PI) / 180)) * 0.85;
    const [dx, dy, dz] = VIEW_DIRECTION;
    const length = Math.hypot(dx, dy, dz);
    camera.position.set(cx + (dx / length) * distance, cy + (dy / length) * distance, cz + (dz / length) * distance);
    // Close enough to zoom into a stack; 24-bit depth keeps a 1:10^4 near/far ratio sharp.
    camera.near = distance / 1000;
    camera.far = distance * 10;
    camera.updateProjectionMatrix();
    controls.target.set(cx, cy, cz);
    controls.update();
    invalidate();
  }, [controls, camera, cx, cy, cz, radius, invalidate]);

  return null;
}
