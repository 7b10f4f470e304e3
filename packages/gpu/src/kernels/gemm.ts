import { linearWorkgroups, MAX_WORKGROUPS_PER_AXIS, type Program, type Scalar } from '../program.js';
import { common } from '../wgsl/common.js';
import { gemm, splitKSumBody } from '../wgsl/gemm.js';
import type { KernelContext } from './context.js';

/** A GEMM-shaped op: its operand functions (loadA, loadB, store) and bindings. */
export interface GemmOp {
  label: string;
  /** Attributes that change the operand WGSL. */
  key: string;
  /** Geometry uniforms besides M, N, K (all i32). */
  geometry: readonly string[];
  inputs: readonly string[];
  /** The output binding; split-K writes partials to it in [split][batch][m][n] order. */
  output: string;
  operands: string;
  /**
   * True when the output is laid out [batch][m][n] (filter gradients, matMul): only then can a
   * split-K pass add partials straight into it.
   */
  rowMajorOutput: boolean;
  /** The operands define `prepare` and `loadPair` instead of `loadA` and `loadB` (see wgsl/gemm.ts). */
  paired?: boolean;
}

const programs = new Map<string, Program>();

function programOf(op: GemmOp, split: boolean): Program {
  const id = `${op.label}|${op.key}|${split}`;
  let program = programs.get(id);
  if (!program) {
    const uniforms: [string, Scalar][] = [...op.geometry, 'M', 'N', 'K', ...(split ? ['splits', 'chunk', 'batches'] : [])].map((name) => [name, 'i32']);
    program = {
      label: op.label, key: [op.key, split ? 'splitK' : ''].filter(Boolean).join(','), uniforms, inputs: op.inputs, outputs: [op.output],
      body: common + gemm(op.operands, split ? { out: op.output } : undefined, op.paired),
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
