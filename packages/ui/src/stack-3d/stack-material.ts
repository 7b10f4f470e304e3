import { DoubleSide, ShaderMaterial, Vector2, Vector4, type Texture } from 'three';

// One program for every stack: the atlas and cell size live in uniforms, so nodes of any shape
// share the compiled shader. The fragment shader is one texture read and a rectangle test (the
// receptive field: dimming the rest here costs two steps, where dark boxes over it would shade
// every covered pixel twice): on a
// software rasteriser it runs for every fragment drawn (no early depth test from WebGL), so
// highlights and frames are separate geometry (see overlays.ts), and the vertex shader cuts
// each plane down to the band its nearer neighbour leaves visible (see plane-geometry.ts).
const vertexShader = /* glsl */ `
attribute vec2 cellOrigin;
attribute vec3 ringCorner;
attribute float plane;
uniform vec2 atlasSize;
uniform vec2 cellSize;
uniform vec2 planeSize;
uniform float planeSpacing;
uniform float planeCount;
varying vec2 vAtlasUv;
varying vec2 vMapPixel;
void main() {
  // Planes are centred on the z axis (layoutStacks), at the depth baked into position.z.
  vec3 p = position;
  if (ringCorner.z > 0.5 && planeSpacing > 0.0) {
    // The neighbour between this plane and the camera (channel i-1 seen from +z, i+1 from -z).
    vec3 eye = (inverse(modelMatrix) * vec4(cameraPosition, 1.0)).xyz;
    float dz = eye.z > p.z ? planeSpacing : -planeSpacing;
    bool neighbour = (dz > 0.0 ? plane > 0.5 : plane < planeCount - 1.5) && abs(eye.z - p.z) > abs(dz);
    // A neighbour cut by the near plane (the camera zoomed into a stack) hides less than its
    // rectangle: cut nothing then. Near comes from the projection (perspective or orthographic).
    bool perspective = projectionMatrix[2][3] != 0.0;
    float near = perspective ? projectionMatrix[3][2] / (projectionMatrix[2][2] - 1.0) : (projectionMatrix[3][2] + 1.0) / projectionMatrix[2][2];
    for (int c = 0; c < 4; c++) {
      vec2 corner = vec2(c == 1 || c == 2 ? 0.5 : -0.5, c < 2 ? 0.5 : -0.5) * planeSize;
      neighbour = neighbour && -(modelViewMatrix * vec4(corner, p.z + dz, 1.0)).z > near * 1.01;
    }
    if (neighbour) {
      // Its rectangle seen from the eye lands on this plane scaled by k about the eye's foot.
      float k = (p.z - eye.z) / (p.z + dz - eye.z);
      vec2 centre = eye.xy * (1.0 - k);
      // Shrunk by a hair so hole and neighbour overlap: the depth test hides the overlap, a gap would show.
      vec2 halfSize = 0.5 * planeSize * k - 0.002 * planeSize;
      vec2 lo = clamp(centre - halfSize, -0.5 * planeSize, 0.5 * planeSize);
      vec2 hi = clamp(centre + halfSize, -0.5 * planeSize, 0.5 * planeSize);
      p.xy = mix(lo, hi, ringCorner.xy * 0.5 + 0.5);
    }
  }
  // Map pixels run x right, y down, as in the tensors; y runs up in the plane.
  vec2 local = p.xy / planeSize;
  vMapPixel = vec2(local.x + 0.5, 0.5 - local.y) * cellSize;
  vAtlasUv = (cellOrigin + vMapPixel) / atlasSize;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(p, 1.0);
}
`;

const fragmentShader = /* glsl */ `
uniform sampler2D atlas;
uniform vec4 fieldRect;
uniform float dim;
varying vec2 vAtlasUv;
varying vec2 vMapPixel;
void main() {
  // Inside the receptive field (map pixels left, top to right, bottom, exclusive) at full
  // brightness, the rest dimmed: two steps and a mix, no branch.
  vec2 inside = step(fieldRect.xy, vMapPixel) * step(vMapPixel, fieldRect.zw);
  float k = mix(dim, 1.0, inside.x * inside.y);
  // An explicit level skips the level-of-detail derivatives a software sampler would compute.
  gl_FragColor = vec4(textureLod(atlas, vAtlasUv, 0.0).rgb * k, 1.0);
}
`;

/** The uniforms a stack's material exposes, set in place by the component. */
export interface StackUniforms {
  atlas: { value: Texture | null };
  atlasSize: { value: Vector2 };
  cellSize: { value: Vector2 };
  /** Plane size in world units, depth between neighbouring planes and how many there are: the vertex shader skips hidden parts. */
  planeSize: { value: Vector2 };
  planeSpacing: { value: number };
  planeCount: { value: number };
  /** Map pixels kept bright (left, top, right, bottom; right and bottom exclusive); the rest is multiplied by `dim` (1: nothing dimmed). */
  fieldRect: { value: Vector4 };
  dim: { value: number };
  [name: string]: { value: unknown };
}

/**
 * The material of one node's stack (see stack-geometry.ts): each plane (channel) samples its
 * cell of the node's atlas (nearest: a cell's edge texel is never blended with its neighbour's).
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
    planeSize: { value: new Vector2(1, 1) },
    planeSpacing: { value: 0 },
    planeCount: { value: 1 },
    fieldRect: { value: new Vector4(0, 0, 0, 0) },
    dim: { value: 1 },
  };
  const material = new ShaderMaterial({ name: 'feature-stack', uniforms, vertexShader, fragmentShader, side: DoubleSide });
  return material as ShaderMaterial & { uniforms: StackUniforms };
}
