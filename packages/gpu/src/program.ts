import { BufferUsage, COMPUTE_STAGE } from './gpu-constants.js';
import type { CommandRecorder } from './recorder.js';

/** Scalar types a uniform field or storage binding may have. */
export type Scalar = 'i32' | 'u32' | 'f32';
/** Element types of a storage binding: a scalar, or four floats (for 16-byte loads and stores). */
export type Element = Scalar | 'vec4<f32>';

/**
 * One compute program, as ONNX Runtime Web describes its WebGPU programs: a label, a cache key
 * made of the attributes that change the WGSL (never of shapes: those arrive as uniforms, so a
 * new shape reuses the compiled pipeline), the uniform fields, the storage bindings and the
 * shader body. Binding and uniform declarations are generated from this value, so a kernel's
 * WGSL holds only its math.
 */
export interface Program {
  /** Shown in GPU error messages and debuggers, e.g. `conv2d.forward`. */
  label: string;
  /** Attributes that change the WGSL, e.g. `relu` or `bias`; '' when none. */
  key: string;
  /** Uniform fields, read in WGSL as `u.<name>`. */
  uniforms: readonly (readonly [string, Scalar])[];
  /** Read-only storage arrays, read in WGSL by name. Default element type f32. */
  inputs: readonly (string | readonly [string, Element])[];
  /** Read-write storage arrays (outputs, and tensors updated in place). Default element type f32. */
  outputs: readonly (string | readonly [string, Element])[];
  /** WGSL after the generated declarations: helper functions and `@compute fn main`. */
  body: string;
}

/** One run of a program. */
export interface Dispatch {
  program: Program;
  inputs: readonly GPUBuffer[];
  outputs: readonly GPUBuffer[];
  uniforms: Readonly<Record<string, number>>;
  /** Workgroup counts; see {@link linearWorkgroups} for 1D work of any size. */
  workgroups: readonly [number, number, number];
}

/** The WGSL of a program: generated uniform struct and bindings, then the body. */
export function programSource(program: Program): string {
  const fields = program.uniforms.map(([name, type]) => `  ${name}: ${type},`);
  // A struct of plain scalars has no padding; an empty one is not valid WGSL.
  if (fields.length === 0) fields.push('  unused: u32,');
  const lines = [`struct Uniforms {\n${fields.join('\n')}\n};`, '@group(0) @binding(0) var<uniform> u: Uniforms;'];
  let binding = 1;
  for (const input of program.inputs) {
    const [name, type] = typeof input === 'string' ? [input, 'f32'] : input;
    lines.push(`@group(0) @binding(${binding++}) var<storage, read> ${name}: array<${type}>;`);
  }
  for (const output of program.outputs) {
    const [name, type] = typeof output === 'string' ? [output, 'f32'] : output;
    lines.push(`@group(0) @binding(${binding++}) var<storage, read_write> ${name}: array<${type}>;`);
  }
  return `${lines.join('\n')}\n${program.body}`;
}

/** Size of the uniform buffer of a program: 4 bytes a field, rounded up to 16. */
function uniformBytes(program: Program): number {
  return Math.max(16, Math.ceil((program.uniforms.length * 4) / 16) * 16);
}

interface DeviceCache {
  pipelines: Map<string, GPUComputePipeline>;
  layouts: Map<string, GPUBindGroupLayout>;
  uniformBuffers: Map<number, GPUBuffer[]>;
}

/** Pipelines and layouts per device: a lost or destroyed device takes its cache with it. */
const caches = new WeakMap<GPUDevice, DeviceCache>();

function cacheOf(device: GPUDevice): DeviceCache {
  let cache = caches.get(device);
  if (!cache) {
    cache = { pipelines: new Map(), layouts: new Map(), uniformBuffers: new Map() };
    caches.set(device, cache);
  }
  return cache;
}

function layoutFor(device: GPUDevice, inputs: number, outputs: number): GPUBindGroupLayout {
  const cache = cacheOf(device);
  const key = `${inputs}:${outputs}`;
  let layout = cache.layouts.get(key);
  if (!layout) {
    const entries: GPUBindGroupLayoutEntry[] = [{ binding: 0, visibility: COMPUTE_STAGE, buffer: { type: 'uniform' } }];
    for (let i = 0; i < inputs; i++) entries.push({ binding: 1 + i, visibility: COMPUTE_STAGE, buffer: { type: 'read-only-storage' } });
    for (let i = 0; i < outputs; i++) entries.push({ binding: 1 + inputs + i, visibility: COMPUTE_STAGE, buffer: { type: 'storage' } });
    layout = device.createBindGroupLayout({ label: `convstudio.layout.${inputs}in.${outputs}out`, entries });
    cache.layouts.set(key, layout);
  }
  return layout;
}

/** The compiled pipeline of a program on a device, compiled on first use and cached by label and key. */
export function pipelineFor(device: GPUDevice, program: Program): GPUComputePipeline {
  const cache = cacheOf(device);
  const id = `${program.label}|${program.key}`;
  let pipeline = cache.pipelines.get(id);
  if (!pipeline) {
    const label = `convstudio.${program.label}${program.key ? `[${program.key}]` : ''}`;
    const module = device.createShaderModule({ label, code: programSource(program) });
    const layout = device.createPipelineLayout({ label, bindGroupLayouts: [layoutFor(device, program.inputs.length, program.outputs.length)] });
    pipeline = device.createComputePipeline({ label, layout, compute: { module, entryPoint: 'main' } });
    cache.pipelines.set(id, pipeline);
  }
  return pipeline;
}

/** Number of pipelines compiled on a device (tests check that shapes do not add any). */
export function pipelineCount(device: GPUDevice): number {
  return caches.get(device)?.pipelines.size ?? 0;
}

function encodeUniforms(program: Program, values: Readonly<Record<string, number>>): ArrayBuffer {
  const data = new ArrayBuffer(uniformBytes(program));
  const view = new DataView(data);
  program.uniforms.forEach(([name, type], i) => {
    const value = values[name];
    if (typeof value !== 'number' || Number.isNaN(value)) throw new Error(`webgpu ${program.label}: uniform ${name} must be a number, got ${String(value)}`);
    if (type === 'f32') view.setFloat32(i * 4, value, true);
    else if (type === 'i32') view.setInt32(i * 4, value, true);
    else view.setUint32(i * 4, value, true);
  });
  return data;
}

/**
 * Records one dispatch into the recorder's pending command buffer. Its uniform buffer is taken
 * from the device's free list and goes back only after the submit: until then the recorded
 * dispatch still reads it, so no later dispatch of the same scope may rewrite it.
 */
export function dispatch(device: GPUDevice, recorder: CommandRecorder, run: Dispatch): void {
  const { program } = run;
  const pipeline = pipelineFor(device, program);
  const cache = cacheOf(device);
  const bytes = uniformBytes(program);
  const uniform =
    cache.uniformBuffers.get(bytes)?.pop() ??
    device.createBuffer({ label: `convstudio.uniforms.${bytes}B`, size: bytes, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST });
  // Free-listed uniform buffers are never busy: written at once, ahead of the pending commands.
  device.queue.writeBuffer(uniform, 0, encodeUniforms(program, run.uniforms));
  const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: uniform } }];
  [...run.inputs, ...run.outputs].forEach((buffer, i) => entries.push({ binding: i + 1, resource: { buffer } }));
  const label = `convstudio.${program.label}`;
  const bindGroup = device.createBindGroup({ label, layout: pipeline.getBindGroupLayout(0), entries });
  const pass = recorder.computePass([...run.inputs, ...run.outputs]);
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  const [x, y, z] = run.workgroups;
  if (x > 0 && y > 0 && z > 0) pass.dispatchWorkgroups(x, y, z);
  recorder.afterSubmit(() => {
    const list = cache.uniformBuffers.get(bytes);
    if (list) list.push(uniform);
    else cache.uniformBuffers.set(bytes, [uniform]);
  });
  recorder.dispatched();
}

/** Most workgroups along one dispatch axis (WebGPU's guaranteed minimum limit). */
export const MAX_WORKGROUPS_PER_AXIS = 65535;

/**
 * Workgroups for `count` independent items of `perGroup` each, spread over x and y so that
 * more than 65,535 workgroups fit; WGSL recovers the index with `linearIndex` (see wgsl/common).
 */
export function linearWorkgroups(count: number, perGroup = 256): [number, number, number] {
  const groups = Math.ceil(count / perGroup);
  const x = Math.min(groups, MAX_WORKGROUPS_PER_AXIS);
  return [x, Math.ceil(groups / Math.max(x, 1)), 1];
}
