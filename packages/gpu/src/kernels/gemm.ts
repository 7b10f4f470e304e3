import { type Element, linearWorkgroups, MAX_WORKGROUPS_PER_AXIS, type Program, type Scalar } from '../program.js';
import { common } from '../wgsl/common.js';
import { gemm, splitKSumBody, type Vec4Layout } from '../wgsl/gemm.js';
import type { KernelContext } from './context.js';

/** A GEMM-shaped op: its operand functions (loadA, loadB, store) and bindings. */
export interface GemmOp {
  label: string;
  /** Attributes that change the operand WGSL. */
  key: string;
  /** Geometry uniforms besides M, N, K (all i32). */
  geometry: readonly string[];
  /** Input bindings; a vec4 operand's binding is typed `vec4<f32>`. */
  inputs: readonly (string | readonly [string, Element])[];
  /** The output binding; split-K writes partials to it in [split][batch][m][n] order. */
  output: string;
  /** The operand WGSL, or (with `vec4`) a function of the program's layout: split-K stores C as scalars. */
  operands: string | ((vec4: Vec4Layout) => string);
  /**
   * True when the output is laid out [batch][m][n] (filter gradients, matMul): only then can a
   * split-K pass add partials straight into it.
   */
  rowMajorOutput: boolean;
  /** The operands define `prepare` and `loadPair` instead of `loadA` and `loadB` (see wgsl/gemm.ts). */
  paired?: boolean;
  /** Operands loaded (and C stored) four floats at a time (see wgsl/gemm.ts); part of `key`. */
  vec4?: Vec4Layout;
}

const programs = new Map<string, Program>();

function programOf(op: GemmOp, split: boolean): Program {
  const id = `${op.label}|${op.key}|${split}`;
  let program = programs.get(id);
  if (!program) {
    const uniforms: [string, Scalar][] = [...op.geometry, 'M', 'N', 'K', ...(split ? ['splits', 'chunk', 'batches'] : [])].map((name) => [name, 'i32']);
    // Split-K writes scalar partials, so C is stored four at a time only without it.
    const vec4 = { ...op.vec4, c: !split && !!op.vec4?.c };
    program = {
      label: op.label, key: [op.key, split ? 'splitK' : ''].filter(Boolean).join(','), uniforms, inputs: op.inputs,
      outputs: [vec4.c ? [op.output, 'vec4<f32>'] : op.output],
      body: common + gemm(typeof op.operands === 'string' ? op.operands : op.operands(vec4), split ? { out: op.output } : undefined, op.paired, vec4),
    };
    programs.set(id, program);
  }
  return program;
}

const sumProgram: Program = { label: 'gemm.splitKSum', key: '', uniforms: [['size', 'i32'], ['splits', 'i32']], inputs: ['partial'], outputs: ['out'], body: common + splitKSumBody };

/** Workgroups for the 32x32 tiles of C[M,N], numbered row by row over x and y; z is the batch (and split). */
function tileGrid(m: number, n: number, z: number): [number, number, number] {
  const tiles = Math.ceil(m / 32) * Math.ceil(n / 32);
  const x = Math.min(tiles, MAX_WORKGROUPS_PER_AXIS);
  return [x, Math.ceil(tiles / Math.max(x, 1)), z];
}

/** Fewer output tiles than this leave cores idle: split K instead. */
const MIN_TILES = 32;
const MAX_SPLITS = 64;

/**
 * Runs C[batch][M,N] = A·B through the tiled GEMM. When C has few 32x32 tiles but K is long
 * (a filter gradient sums over every sample and pixel), K is split over extra workgroups and
 * their partials added by a second pass.
 */
export function runGemm(ctx: KernelContext, op: GemmOp, inputs: GPUBuffer[], output: GPUBuffer, geometry: Record<string, number>, m: number, n: number, k: number, batch: number): void {
  const tiles = Math.ceil(m / 32) * Math.ceil(n / 32) * batch;
  const wanted = op.rowMajorOutput && tiles < MIN_TILES && k >= 512 ? Math.min(MAX_SPLITS, Math.ceil(MIN_TILES / tiles) * 2, Math.ceil(k / 256)) : 1;
  if (wanted <= 1) {
    ctx.run({ program: programOf(op, false), inputs, outputs: [output], uniforms: { ...geometry, M: m, N: n, K: k }, workgroups: tileGrid(m, n, batch) });
    return;
  }
  const chunk = Math.ceil(k / wanted / 16) * 16;
  const splits = Math.ceil(k / chunk);
  const size = batch * m * n;
  const partial = ctx.scratch(splits * size, `${op.label}.partials`);
  ctx.run({
    program: programOf(op, true), inputs, outputs: [partial],
    uniforms: { ...geometry, M: m, N: n, K: k, splits, chunk, batches: batch },
    workgroups: tileGrid(m, n, batch * splits),
  });
  ctx.run({ program: sumProgram, inputs: [partial], outputs: [output], uniforms: { size, splits }, workgroups: linearWorkgroups(size) });
}
