/**
 * Time to save and open AlexNet's 61,100,840 weights through the binary weights file: encode the
 * named tensors to bytes and write them to disk (save), read the bytes and decode them (open),
 * median of RUNS runs (environment, default 5). Issue 13 part C's target: <= 2 s each.
 * Only the core codec and the disk are measured; the CLI and studio wiring are not yet on this format.
 *
 *   npx tsx packages/core/bench/weights-sidecar-bench.ts        (from the repository root)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alexNet, createModel, decodeWeightsSidecar, encodeWeightsSidecar, type NamedTensors } from '../src/index.ts';

const RUNS = Number(process.env.RUNS ?? 5);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const model = createModel(alexNet());
const tensors: NamedTensors = new Map();
let count = 0;
for (const [id, { weight, bias }] of model.parameters) {
  for (const [slot, t] of [['weight', weight], ['bias', bias]] as const) {
    if (!t) continue;
    tensors.set(`${id}.${slot}`, { shape: [...t.shape], data: t.data as Float32Array });
    count += t.size;
  }
}
const dir = mkdtempSync(join(tmpdir(), 'weights-bench-'));
const file = join(dir, 'alexnet.weights.bin');
const save: number[] = [];
const open: number[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    let start = performance.now();
    writeFileSync(file, encodeWeightsSidecar(tensors, model.hash));
    save.push(performance.now() - start);
    start = performance.now();
    const decoded = decodeWeightsSidecar(new Uint8Array(readFileSync(file)), file);
    open.push(performance.now() - start);
    if (decoded.tensors.size !== tensors.size) throw new Error('decoded a different number of tensors');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`AlexNet, ${count.toLocaleString('en')} weights: save median ${median(save).toFixed(0)} ms (${save.map((v) => v.toFixed(0)).join(', ')}), open median ${median(open).toFixed(0)} ms (${open.map((v) => v.toFixed(0)).join(', ')})`);
