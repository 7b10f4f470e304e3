// The WebGPU flag values, fixed by the specification. Spelled out here because Node's `webgpu`
// package only defines the `GPUBufferUsage`/`GPUMapMode` globals when its caller installs them,
// and the backend must work with nothing but the GPU object it is given.

/** GPUBufferUsage flags. */
export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;

/** GPUMapMode.READ. */
export const MAP_READ_MODE = 0x0001;

/** GPUShaderStage.COMPUTE. */
export const COMPUTE_STAGE = 0x4;
