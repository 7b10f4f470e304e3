/**
 * Time to import an AlexNet-size ONNX model (61,100,840 float32 weights, 244 MB): read the file
 * and `importOnnx` it (decode with protobuf-es, convert the tensors, check the pipeline), median
 * of RUNS runs (environment, default 5). Issue 14's target: <= 3 s. Peers in the same run, on the
 * same file: onnxruntime-node creating an inference session from it, and reading plus decoding
 * the same weights as our binary weights file. Also times `exportOnnx` once per run, and, on the
 * same model written without the 4-byte alignment of its tensors (as other exporters write, and as
 * exportOnnx did before), the import again: there most weights are copied rather than viewed.
 *
 *   npx tsx --conditions @convstudio/source packages/core/bench/onnx-import-bench.ts   (from the repository root)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearField, fromBinary, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, NodeProtoSchema, TensorProtoSchema } from 'onnx-buf';
import * as ort from 'onnxruntime-node';
import { alexNet, createModel, decodeWeightsSidecar, encodeWeightsSidecar, namedTensorsOf } from '../src/index.ts';
import { exportOnnx, importOnnx } from '../src/onnx/index.ts';

const RUNS = Number(process.env.RUNS ?? 5);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const pipeline = alexNet();
const model = createModel(pipeline);
const tensors = namedTensorsOf(model);
const dir = mkdtempSync(join(tmpdir(), 'onnx-bench-'));
const onnxFile = join(dir, 'alexnet.onnx');
const unalignedFile = join(dir, 'alexnet-unaligned.onnx');
const sidecarFile = join(dir, 'alexnet.weights.bin');
writeFileSync(sidecarFile, encodeWeightsSidecar(tensors, model.hash));
const load = loadavg()[0];
const times = { export: [] as number[], import: [] as number[], importOnly: [] as number[], unaligned: [] as number[], ort: [] as number[], sidecar: [] as number[] };

/** The same model without the doc_string pads that align its tensors. */
function unalignedCopy(bytes: Uint8Array): Uint8Array {
  const model = fromBinary(ModelProtoSchema, bytes);
  for (const n of model.graph?.node ?? []) clearField(n, NodeProtoSchema.field.docString);
  for (const t of model.graph?.initializer ?? []) clearField(t, TensorProtoSchema.field.docString);
  return toBinary(ModelProtoSchema, model);
}
try {
  for (let run = 0; run < RUNS; run++) {
    let start = performance.now();
    const bytes = exportOnnx(pipeline, tensors);
    writeFileSync(onnxFile, bytes);
    times.export.push(performance.now() - start);

    start = performance.now();
    const read = new Uint8Array(readFileSync(onnxFile));
    const readAt = performance.now();
    const imported = importOnnx(read);
    times.import.push(performance.now() - start);
    times.importOnly.push(performance.now() - readAt);
    if (imported.summary.parameters !== 61_100_840) throw new Error(`imported ${imported.summary.parameters} parameters`);

    if (run === 0) writeFileSync(unalignedFile, unalignedCopy(read));
    const unaligned = new Uint8Array(readFileSync(unalignedFile));
    start = performance.now();
    importOnnx(unaligned);
    times.unaligned.push(performance.now() - start);

    start = performance.now();
    const session = await ort.InferenceSession.create(onnxFile);
    times.ort.push(performance.now() - start);
    await session.release();

    start = performance.now();
    decodeWeightsSidecar(new Uint8Array(readFileSync(sidecarFile)));
    times.sidecar.push(performance.now() - start);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`AlexNet ONNX (244 MB), ${RUNS} runs, load (1-min) ${load.toFixed(1)} -> ${loadavg()[0].toFixed(1)}`);
console.log(`| read + importOnnx | importOnnx alone | importOnnx alone, unaligned file | onnxruntime-node session | read + decode .weights.bin | exportOnnx + write |`);
console.log(`| ${seconds(median(times.import))} | ${seconds(median(times.importOnly))} | ${seconds(median(times.unaligned))} | ${seconds(median(times.ort))} | ${seconds(median(times.sidecar))} | ${seconds(median(times.export))} |`);
console.log('per run (ms), importOnnx alone:', times.importOnly.map(Math.round).join(' '), '| unaligned:', times.unaligned.map(Math.round).join(' '));
