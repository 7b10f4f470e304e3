import { DoubleSide, ShaderMaterial, Vector2, type Texture } from 'three';

// One program for every stack: the atlas and cell size live in uniforms, so nodes of any shape
// share the compiled shader. The fragment shader is one texture read and nothing else: on a
// software rasteriser it runs for every layer of a stack's overdraw (no early depth test from
// WebGL), so highlights and frames are separate geometry (see overlays.ts).
const vertexShader = /* glsl */ `
attribute vec2 cellOrigin;
uniform vec2 atlasSize;
uniform vec2 cellSize;
varying vec2 vAtlasUv;
void main() {
  // Map pixels run x right, y down, as in the tensors; plane uv has v up.
  vAtlasUv = (cellOrigin + vec2(uv.x, 1.0 - uv.y) * cellSize) / atlasSize;
  gl_Position = projectionMatrix * modelViewMatrix * instanceMatrix * vec4(position, 1.0);
}
`;

const fragmentShader = /* glsl */ `
uniform sampler2D atlas;
varying vec2 vAtlasUv;
void main() {
  // An explicit level skips the level-of-detail derivatives a software sampler would compute.
  gl_FragColor = vec4(textureLod(atlas, vAtlasUv, 0.0).rgb, 1.0);
}
`;

/** The uniforms a stack's material exposes, set in place by the component. */
export interface StackUniforms {
  atlas: { value: Texture | null };
  atlasSize: { value: Vector2 };
  cellSize: { value: Vector2 };
  [name: string]: { value: unknown };
}

/**
 * The instanced material of one node's stack: each instance (channel) samples its cell of the
 * node's atlas (nearest: a cell's edge texel is never blended with its neighbour's).
 *
 * @example
 * const material = createStackMaterial();
 * material.uniforms.atlas.value = texture;
 */
export function createStackMaterial(): ShaderMaterial & { uniforms: StackUniforms } {
  const uniforms: StackUniforms = {
    atlas: { value: null },
    atlasSize: { value: new Vector2(1, 1) },
    cellSize: { value: new Vector2(1, 1) },
  };
  const material = new ShaderMaterial({ name: 'feature-stack', uniforms, vertexShader, fragmentShader, side: DoubleSide });
  return material as ShaderMaterial & { uniforms: StackUniforms };
}
