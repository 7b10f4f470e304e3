import { useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { PerspectiveCamera } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { fitCamera, viewDirection } from './camera-fit.js';
import { ORBIT_LIMITS, VIEW_ANGLES } from './view-angles.js';

/** Props of {@link StackControls}. */
export interface StackControlsProps {
  /** 8 corners (x, y, z) of every stack's box: the camera frames all of them. */
  corners: Float32Array;
  /** Change it to frame the whole net again ("Reset view"). */
  resetToken: number;
  /** Pixels kept free at the canvas's edges: the top holds the labels of the highest stacks. */
  margins: { top: number; right: number; bottom: number; left: number };
}

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/**
 * Orbit (left drag), zoom (wheel) and pan (right drag) around the stacks, rendering on demand:
 * a frame is requested only when the controls move the camera. The camera is fitted to every
 * stack (see {@link fitCamera}) when the net's shapes change, on "Reset view", and when the
 * canvas is resized before the user has moved the camera. The orbit stops short of seeing the
 * planes edge-on (see {@link ORBIT_LIMITS}).
 *
 * @example
 * <StackControls corners={stackCorners(layout.stacks)} resetToken={0} margins={{ top: 40, right: 12, bottom: 12, left: 12 }} />
 */
export function StackControls({ corners, resetToken, margins }: StackControlsProps) {
  const camera = useThree((state) => state.camera);
  const element = useThree((state) => state.gl.domElement);
  const invalidate = useThree((state) => state.invalidate);
  const size = useThree((state) => state.size);
  const [controls, setControls] = useState<OrbitControls | null>(null);
  // Whether the user moved the camera since the last fit: a resize then keeps their view.
  const moved = useRef(false);
  const fittedCorners = useRef<Float32Array | null>(null);
  const fittedToken = useRef(resetToken);

  useEffect(() => {
    const created = new OrbitControls(camera, element);
    // No damping: it needs a frame every tick to settle, which on-demand rendering avoids.
    created.enableDamping = false;
    created.minAzimuthAngle = radians(ORBIT_LIMITS.azimuth[0]);
    created.maxAzimuthAngle = radians(ORBIT_LIMITS.azimuth[1]);
    // OrbitControls measures the polar angle down from +y; the limits are elevations.
    created.minPolarAngle = radians(90 - ORBIT_LIMITS.elevation[1]);
    created.maxPolarAngle = radians(90 - ORBIT_LIMITS.elevation[0]);
    const onChange = () => invalidate();
    const onStart = () => (moved.current = true);
    created.addEventListener('change', onChange);
    created.addEventListener('start', onStart);
    setControls(created);
    return () => {
      created.removeEventListener('change', onChange);
      created.removeEventListener('start', onStart);
      created.dispose();
    };
  }, [camera, element, invalidate]);

  const { top, right, bottom, left } = margins;
  // Before any frame of a new layout is drawn (a passive effect may come after one).
  useLayoutEffect(() => {
    if (!controls || corners.length === 0 || size.width <= 0 || size.height <= 0) return;
    const reset = fittedToken.current !== resetToken;
    // A resize alone keeps a view the user chose.
    if (!reset && fittedCorners.current === corners && moved.current) return;
    fittedToken.current = resetToken;
    fittedCorners.current = corners;
    moved.current = false;
    const fov = camera instanceof PerspectiveCamera ? camera.fov : 30;
    const fit = fitCamera(corners, {
      direction: viewDirection(VIEW_ANGLES.azimuth, VIEW_ANGLES.elevation),
      fov,
      width: size.width,
      height: size.height,
      margins: { top, right, bottom, left },
    });
    camera.position.set(...fit.position);
    // Close enough to zoom into a stack; 24-bit depth keeps a 1:10^4 near/far ratio sharp.
    camera.near = fit.distance / 1000;
    camera.far = fit.distance * 10;
    camera.updateProjectionMatrix();
    controls.target.set(...fit.target);
    controls.minDistance = fit.distance / 50;
    controls.maxDistance = fit.distance * 3;
    controls.update();
    invalidate();
  }, [controls, camera, corners, resetToken, size.width, size.height, top, right, bottom, left, invalidate]);

  return null;
}
