import { Color, DoubleSide, ShaderMaterial, Vector2, Vector4, type Texture } from 'three';

// One program for every stack: the atlas, cell size and highlight live in uniforms, so nodes of
// any shape share the compiled shader. Map pixels run x right, y down, as in the tensors.
const vertexShader = /* glsl */ `
attribute vec2 cellOrigin;
uniform float selectedChannel;
varying vec2 vLocal;
varying vec2 vOrigin;
varying float vSelected;
void main() {
  vLocal = vec2(uv.x, 1.0 - uv.y);
  vOrigin = cellOrigin;
  vSelected = float(gl_InstanceID) == selectedChannel ? 1.0 : 0.0;
  gl_Position = projectionMatrix * modelViewMatrix * instanceMatrix * vec4(position, 1.0);
}
`;

const fragmentShader = /* glsl */ `
uniform sampler2D atlas;
uniform vec2 atlasSize;
uniform vec2 cellSize;
uniform vec4 highlight;
uniform float highlightStrength;
uniform vec3 highlightColor;
varying vec2 vLocal;
varying vec2 vOrigin;
varying float vSelected;
void main() {
  vec2 px = vLocal * cellSize;
  // Clamp to texel centres so nearest sampling at a cell's edge never reads the neighbour cell.
  vec2 texel = vOrigin + clamp(px, vec2(0.5), cellSize - 0.5);
  vec3 colour = texture2D(atlas, texel / atlasSize).rgb;
  vec2 inside = step(highlight.xy, px) * step(px, highlight.zw);
  colour = mix(colour, highlightColor, inside.x * inside.y * highlightStrength * (0.7 + 0.3 * vSelected));
  // A one-pixel frame keeps the planes of a stack apart; the selected channel's frame is gold.
  vec2 edge = min(vLocal, 1.0 - vLocal) / fwidth(vLocal);
  float frame = 1.0 - clamp(min(edge.x, edge.y) - 0.5, 0.0, 1.0);
  colour = mix(colour, mix(vec3(0.32), vec3(1.0, 0.78, 0.2), vSelected), frame);
  gl_FragColor = vec4(colour, 1.0);
}
`;

/** The uniforms a stack's material exposes, set in place by the component. */
export interface StackUniforms {
  atlas: { value: Texture | null };
  atlasSize: { value: Vector2 };
  cellSize: { value: Vector2 };
  /** left, top, right + 1, bottom + 1 in map pixels. */
  highlight: { value: Vector4 };
  /** 0 hides the highlight; the selected unit is drawn stronger than a field. */
  highlightStrength: { value: number };
  highlightColor: { value: Color };
  /** Instance (channel) drawn with a gold frame; -1 for none. */
  selectedChannel: { value: number };
  [name: string]: { value: unknown };
}

/**
 * The instanced material of one node's stack: each instance (channel) samples its cell of the
 * node's atlas; an optional rectangle is tinted on every plane (the receptive field).
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
    highlight: { value: new Vector4(0, 0, 0, 0) },
    highlightStrength: { value: 0 },
    highlightColor: { value: new Color(0.1, 0.85, 1) },
    selectedChannel: { value: -1 },
  };
  const material = new ShaderMaterial({ name: 'feature-stack', uniforms, vertexShader, fragmentShader, side: DoubleSide });
  return material as ShaderMaterial & { uniforms: StackUniforms };
}
