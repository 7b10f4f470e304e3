import type { TensorProto } from 'onnx-buf';
import type { OnnxConstant } from '../nn/layers/spec.js';
import type { ShapeValue } from './shape-folding.js';
import { tensorBytes, tensorValues } from './tensor-data.js';

/** What a value name in the graph stands for while the importer walks it. */
export type GraphValue =
  | { kind: 'data'; node: string; shape: number[] }
  /** `shapeValue`: computed from a Shape at import time, with the batch size marked (see shape-folding). */
  | { kind: 'const'; proto?: TensorProto; value?: OnnxConstant; shapeValue?: ShapeValue }
  /** The output of a node that could not be imported: nodes reading it are not checked further. */
  | { kind: 'unknown' };

/**
 * Every value of the graph by name, converting constants to float32 once, on first use, and
 * counting the bytes converted (the import's progress: tensors are most of a model file).
 */
export class ValueTable {
  private readonly values = new Map<string, GraphValue>();
  converted = 0;

  constructor(readonly onConverted: (bytes: number) => void) {}

  set(name: string, value: GraphValue): void {
    this.values.set(name, value);
  }

  get(name: string): GraphValue | undefined {
    return this.values.get(name);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** The constant behind a name, converted to float32; undefined for data and unknown values. */
  constant(name: string): OnnxConstant | undefined {
    const v = this.values.get(name);
    if (v?.kind !== 'const') return undefined;
    if (!v.value && v.proto) {
      v.value = tensorValues(v.proto, `initializer "${name}"`);
      this.converted += tensorBytes(v.proto);
      this.onConverted(this.converted);
      v.proto = undefined;
    }
    return v.value;
  }

  /** The shape arithmetic behind a name, when a Shape's output went into it. */
  shapeValue(name: string): ShapeValue | undefined {
    const v = this.values.get(name);
    return v?.kind === 'const' ? v.shapeValue : undefined;
  }

  data(name: string): { node: string; shape: number[] } | undefined {
    const v = this.values.get(name);
    return v?.kind === 'data' ? v : undefined;
  }
}

/** Node ids from ONNX names: the id pattern's characters only, unique, short. */
export class IdMaker {
  private readonly taken = new Set<string>();
  private readonly counters = new Map<string, number>();

  take(raw: string, prefix: string): string {
    let id = raw.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[_.]+|[_.]+$/g, '').slice(0, 56);
    if (!id) {
      const n = (this.counters.get(prefix) ?? 0) + 1;
      this.counters.set(prefix, n);
      id = `${prefix}${n}`;
    }
    let unique = id;
    for (let k = 2; this.taken.has(unique); k++) unique = `${id}_${k}`;
    this.taken.add(unique);
    return unique;
  }
}
