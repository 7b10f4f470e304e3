import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { Mesh, ShaderMaterial, Vector3, type Texture } from 'three';
import type { NodeStackLayout, StackLayer } from '@convstudio/ui';
import type { OrbitResult, PixelCheck, StackBenchApi } from './bench-api.js';

const MAX_FRAMES = 4096;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const nextTask = () => new Promise<void>((resolve) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => resolve();
  channel.port2.postMessage(0);
});

/** Props of {@link BenchDriver}. */
export interface BenchDriverProps {
  api: StackBenchApi;
  center: readonly [number, number, number];
  radius: number;
  input: NodeStackLayout;
  /** New values for every layer (same shapes), built before the clock starts. */
  makeLayers: (seed: number) => StackLayer[];
  /** Hands the component the new layers (a state update). */
  swapData: (layers: StackLayer[]) => void;
}

/**
 * Lives inside the stack's canvas: counts rendered frames, orbits the camera, times data
 * updates and reads pixels back, for the Node script driving the page.
 */
export function BenchDriver({ api, center, radius, input, makeLayers, swapData }: BenchDriverProps) {
  const { gl, scene, camera, invalidate } = useThree();
  // Allocated once: nothing is allocated per frame while measuring.
  const counter = useMemo(() => ({ frames: 0, recording: false }), []);
  const frameTimes = useMemo(() => new Float64Array(MAX_FRAMES), []);

  useFrame(() => {
    if (counter.recording && counter.frames < MAX_FRAMES) frameTimes[counter.frames++] = performance.now();
    if (!api.ready) api.ready = true;
  });

  useEffect(() => {
    const context = gl.getContext();
    const pixel = new Uint8Array(4);
    const finish = () => context.readPixels(0, 0, 1, 1, context.RGBA, context.UNSIGNED_BYTE, pixel);
    const atlases = () => {
      const found: Texture[] = [];
      scene.traverse((o) => {
        if (o instanceof Mesh && o.material instanceof ShaderMaterial && o.material.uniforms.atlas) found.push(o.material.uniforms.atlas.value as Texture);
      });
      return found;
    };

    api.rendererInfo = () => {
      const debug = context.getExtension('WEBGL_debug_renderer_info');
      return {
        vendor: String(context.getParameter(debug ? debug.UNMASKED_VENDOR_WEBGL : context.VENDOR)),
        renderer: String(context.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : context.RENDERER)),
        version: String(context.getParameter(context.VERSION)),
        canvas: { width: context.drawingBufferWidth, height: context.drawingBufferHeight },
        maps: atlases().length,
      };
    };

    api.checkPixels = (): PixelCheck => {
      gl.render(scene, camera);
      const { drawingBufferWidth: w, drawingBufferHeight: h } = context;
      const rgba = new Uint8Array(w * h * 4);
      context.readPixels(0, 0, w, h, context.RGBA, context.UNSIGNED_BYTE, rgba);
      const [br, bg, bb] = rgba; // the corner is background
      const colours = new Set<number>();
      let drawn = 0;
      let highlighted = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        const [r, g, b] = [rgba[i], rgba[i + 1], rgba[i + 2]];
        if (Math.abs(r - br) + Math.abs(g - bg) + Math.abs(b - bb) > 12) drawn++;
        if (b - r > 50 && g - r > 40) highlighted++;
        colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
      }
      return { drawn: drawn / (w * h), colours: colours.size, highlighted };
    };

    api.checkOcclusion = () => {
      const { drawingBufferWidth: w, drawingBufferHeight: h } = context;
      const frame = () => {
        gl.render(scene, camera);
        const rgba = new Uint8Array(w * h * 4);
        context.readPixels(0, 0, w, h, context.RGBA, context.UNSIGNED_BYTE, rgba);
        return rgba;
      };
      const materials: ShaderMaterial[] = [];
      scene.traverse((o) => {
        if (o instanceof Mesh && o.material instanceof ShaderMaterial && o.material.uniforms.planeSpacing) materials.push(o.material);
      });
      const spacings = materials.map((m) => m.uniforms.planeSpacing.value as number);
      const [cx, cy, cz] = center;
      // The clear colour as it reaches the canvas: one frame with nothing visible.
      const shown = scene.children.map((o) => o.visible);
      scene.children.forEach((o) => (o.visible = false));
      const background = frame().slice(0, 3);
      scene.children.forEach((o, i) => (o.visible = shown[i]));
      const saved = { position: camera.position.clone(), quaternion: camera.quaternion.clone() };
      // Front-right-above, behind-left, level with the stacks' side, and from inside a stack.
      const poses = [[0.9, 0.5, 1.2], [-0.6, 0.4, -1.3], [1.4, 0.02, 0.05], [0.02, 0.01, 0.3]];
      const shares: number[] = [];
      let worstHoles = 0;
      for (const [dx, dy, dz] of poses) {
        camera.position.set(cx + dx * radius, cy + dy * radius, cz + dz * radius);
        camera.lookAt(cx, cy, cz);
        const cut = frame();
        // Spacing 0 turns the cut off: every plane drawn whole, the depth test alone deciding.
        materials.forEach((m) => (m.uniforms.planeSpacing.value = 0));
        const whole = frame();
        materials.forEach((m, i) => (m.uniforms.planeSpacing.value = spacings[i]));
        let differing = 0;
        let holes = 0;
        const [br, bg, bb] = background;
        for (let i = 0; i < cut.length; i += 4) {
          if (Math.abs(cut[i] - whole[i]) + Math.abs(cut[i + 1] - whole[i + 1]) + Math.abs(cut[i + 2] - whole[i + 2]) <= 24) continue;
          differing++;
          // Neighbouring planes trade edge pixels at grazing angles; background showing through is a real hole.
          if (Math.abs(cut[i] - br) + Math.abs(cut[i + 1] - bg) + Math.abs(cut[i + 2] - bb) <= 6) holes++;
        }
        shares.push(differing / (w * h));
        worstHoles = Math.max(worstHoles, holes / (w * h));
      }
      camera.position.copy(saved.position);
      camera.quaternion.copy(saved.quaternion);
      invalidate();
      return { poses: poses.length, differing: shares, worstDiffering: Math.max(...shares), worstHoles };
    };

    api.orbit = (milliseconds) =>
      new Promise<OrbitResult>((resolve) => {
        const [cx, cy, cz] = center;
        const distance = radius * 2.4;
        const start = performance.now();
        counter.frames = 0;
        counter.recording = true;
        const tick = (now: number) => {
          const angle = ((now - start) / 1000) * 0.6;
          camera.position.set(cx + distance * Math.sin(angle), cy + distance * 0.35, cz + distance * Math.cos(angle));
          camera.lookAt(cx, cy, cz);
          invalidate();
          if (now - start < milliseconds) {
            requestAnimationFrame(tick);
            return;
          }
          counter.recording = false;
          const n = counter.frames;
          const gaps = Array.from({ length: Math.max(0, n - 1) }, (_, i) => frameTimes[i + 1] - frameTimes[i]).sort((a, b) => a - b);
          const seconds = n > 1 ? (frameTimes[n - 1] - frameTimes[0]) / 1000 : 0;
          resolve({ frames: n, seconds, fps: seconds > 0 ? (n - 1) / seconds : 0, p50: gaps[Math.floor(gaps.length / 2)] ?? 0, p95: gaps[Math.floor(gaps.length * 0.95)] ?? 0 });
        };
        requestAnimationFrame(tick);
      });

    api.updates = async (runs) => {
      const renderOnly: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        gl.render(scene, camera);
        finish();
        renderOnly.push(performance.now() - t0);
      }
      const texturesBefore = gl.info.memory.textures;
      const fill: number[] = [];
      const total: number[] = [];
      for (let i = 0; i < runs; i++) {
        const textures = atlases();
        const versions = textures.map((t) => t.version);
        const next = makeLayers(i + 1);
        const t0 = performance.now();
        swapData(next);
        // React (and r3f's own root) commit asynchronously: wait for every atlas to be refilled.
        while (textures.some((t, j) => t.version === versions[j])) await nextTask();
        const t1 = performance.now();
        gl.render(scene, camera);
        finish();
        const t2 = performance.now();
        fill.push(t1 - t0);
        total.push(t2 - t0);
        await nextTask();
      }
      return { runs, fill: median(fill), total: median(total), renderOnly: median(renderOnly), texturesBefore, texturesAfter: gl.info.memory.textures };
    };

    api.inputPixelOnScreen = (y, x) => {
      const [, rows, cols] = input.shape;
      const point = new Vector3(-input.width / 2 + ((x + 0.5) / cols) * input.width, input.height / 2 - ((y + 0.5) / rows) * input.height, -input.depthStart);
      point.project(camera);
      const rect = gl.domElement.getBoundingClientRect();
      return { x: rect.left + ((point.x + 1) / 2) * rect.width, y: rect.top + ((1 - point.y) / 2) * rect.height };
    };
    invalidate();
  }, [api, gl, scene, camera, invalidate, center, radius, input, makeLayers, swapData, counter, frameTimes]);

  return null;
}
