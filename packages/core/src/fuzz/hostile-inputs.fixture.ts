// Hostile inputs for the fuzz suite (fuzz.test.ts) and the long run (bench/fuzz-long.ts):
// valid pipeline documents, weights files and images, damaged at random by fast-check, and the
// parsers they go through. Test-only: `*.fixture.ts` stays out of the published build.
import { encode as encodePng } from 'fast-png';
import fc from 'fast-check';
import jpeg from 'jpeg-js';
import { decodeImage } from '../data/decode-image.js';
import { imageToTensor } from '../data/image-to-tensor.js';
import { ConvStudioError } from '../errors.js';
import { createModel } from '../nn/model.js';
import { parsePipeline } from '../nn/parse-pipeline.js';
import { PipelineError } from '../nn/pipeline-issues.js';
import { chainPipeline } from '../nn/chain-pipeline.fixture.js';
import { leNet5, mnistCnn, smallFcn, tinyVgg, workedExamplePipeline } from '../nn/templates/index.js';
import { loadWeights, saveWeights } from '../nn/weights-file.js';

/** The three kinds of file the suite feeds to the parsers. */
export type FuzzKind = 'pipelines' | 'weights' | 'images';
export const fuzzKinds: readonly FuzzKind[] = ['pipelines', 'weights', 'images'];

/** What a parser did with one input: took it, or refused it with one of our typed errors. */
export type Outcome = 'accepted' | 'refused';

/** Thrown when a parser let an untyped error escape (a bug the fuzz suite exists to find). */
export class UntypedError extends Error {}

function typed<T>(action: () => T): Outcome {
  try {
    action();
    return 'accepted';
  } catch (error) {
    if (error instanceof PipelineError) return 'refused';
    if (error instanceof ConvStudioError) {
      // A decoder's own words belong in technicalDetail, never in the message.
      if (error.technicalDetail && error.message.includes(error.technicalDetail)) throw new UntypedError(`decoder text in the message: ${error.message}`);
      return 'refused';
    }
    throw new UntypedError(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error });
  }
}

// ---- values that have broken parsers before: huge, negative, non-finite in float32, wrong types

const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 32, 2 ** 53, 1e39, -1e39, 1e308, 1e-320, 0.5, 65_536, 100_000),
  fc.integer({ min: -5, max: 70_000 }),
  fc.double({ noNaN: true }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileNumber },
  { weight: 2, arbitrary: fc.constantFrom('yes', '', '__proto__', 'constructor', 'same', 'valid', 'conv2d', 'input', 'x'.repeat(300)) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, {}, [], [1], [1, 2], [1, 2, 3, 4], [0, 0]) },
  { weight: 1, arbitrary: fc.array(hostileNumber, { maxLength: 8 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'kind', 'id', 'params', 'x'), hostileNumber, { maxKeys: 3 }) },
);

const templatesForFuzz = [
  workedExamplePipeline,
  leNet5,
  mnistCnn,
  smallFcn,
  tinyVgg,
  () =>
    chainPipeline([1, 6, 6], [
      { kind: 'conv2d', params: { outChannels: 2, kernelSize: 3, padding: 'same' } },
      { kind: 'leakyRelu', params: { negativeSlope: 0.1 } },
      { kind: 'avgPool2d', params: { kernelSize: 2, ceilMode: true } },
      { kind: 'normalize', params: { min: 0, max: 1 } },
      { kind: 'flatten', params: {} },
      { kind: 'linear', params: { outFeatures: 3 } },
      { kind: 'softmax', params: {} },
    ] as never),
];

type Json = Record<string, unknown> | unknown[];

/** Every path to a value inside `root` (objects and arrays), depth first. */
function pathsOf(root: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (root === null || typeof root !== 'object') return out;
  for (const [key, value] of Object.entries(root)) {
    const path = [...prefix, Array.isArray(root) ? Number(key) : key];
    out.push(path);
    pathsOf(value, path, out);
  }
  return out;
}

function parentOf(root: Json, path: (string | number)[]): Json | undefined {
  let at: unknown = root;
  for (const key of path.slice(0, -1)) at = (at as Record<string | number, unknown>)[key];
  return at !== null && typeof at === 'object' ? (at as Json) : undefined;
}

/** One damage to a JSON document: replace a value, delete it, or copy a sibling node or edge. */
const jsonMutation = fc.record({
  at: fc.nat(),
  how: fc.constantFrom('replace', 'replace', 'replace', 'delete', 'duplicate', 'grow'),
  value: hostileValue,
  count: fc.integer({ min: 2, max: 3000 }),
});

interface JsonMutation {
  at: number;
  how: string;
  value: unknown;
  count: number;
}

function mutate(doc: Json, mutations: JsonMutation[]): unknown {
  for (const { at, how, value, count } of mutations) {
    const paths = pathsOf(doc);
    if (paths.length === 0) return value;
    const path = paths[at % paths.length];
    const parent = parentOf(doc, path);
    if (!parent) continue;
    const key = path[path.length - 1];
    const record = parent as Record<string | number, unknown>;
    if (how === 'replace') {
      // defineProperty, so a key called __proto__ becomes data as JSON.parse would make it; a copy,
      // because fast-check hands out the same constant objects to every case.
      Object.defineProperty(parent, key, { value: structuredClone(value), enumerable: true, writable: true, configurable: true });
    } else if (how === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete record[key];
    } else if (how === 'duplicate' && Array.isArray(parent)) {
      parent.push(structuredClone(parent[Number(key)]));
    } else if (how === 'grow' && Array.isArray(parent)) {
      // Many copies: big but below the node and edge limits, to exercise the linear-time checks.
      for (let i = 0; i < count; i++) parent.push(structuredClone(parent[Number(key)]));
    }
  }
  // What a file can hold: JSON turns NaN into null and drops undefined.
  return JSON.parse(JSON.stringify(doc));
}

/** A template's document with one to three random damages. */
export const pipelineDocument: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom(...templatesForFuzz), fc.array(jsonMutation, { minLength: 1, maxLength: 3 }))
  .map(([build, mutations]) => mutate(build() as unknown as Json, mutations));

/** Checks a document and builds its model (weights initialised within the tensor limit). */
export function checkPipeline(doc: unknown): Outcome {
  return typed(() => {
    const parsed = parsePipeline(doc);
    if (!parsed.ok) throw new PipelineError(parsed.issues);
    createModel(parsed.pipeline);
  });
}

// ---- weights files: a small model's saved weights, damaged

const weightsModel = () =>
  createModel(chainPipeline([1, 4, 4], [{ kind: 'conv2d', params: { outChannels: 2, kernelSize: 3 } }, { kind: 'flatten', params: {} }, { kind: 'linear', params: { outFeatures: 3 } }] as never, 7));

const base64Text = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='), maxLength: 200 }),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('f38AAA==', 'AACAfw==', 'AADAfw==', '////', 'x'.repeat(100_001)),
);

/** A saved weights file with one to three random damages (shapes, data, hash, keys). */
export const weightsDocument: fc.Arbitrary<unknown> = fc
  .tuple(fc.array(jsonMutation, { minLength: 0, maxLength: 3 }), fc.option(base64Text), fc.nat())
  .map(([mutations, data, which]) => {
    const file = saveWeights(weightsModel()) as unknown as Record<string, Record<string, { data: string }>>;
    const keys = Object.keys(file.tensors);
    if (data !== null) file.tensors[keys[which % keys.length]].data = data;
    return mutate(file, mutations);
  });

/** Loads a weights file for its model, with and without the hash check. */
export function checkWeights(doc: unknown): Outcome {
  const model = weightsModel();
  return typed(() => loadWeights(doc, model, { ignoreHash: (doc as { version?: unknown } | null)?.version !== 1 }));
}

// ---- images: small PNGs and JPEGs, damaged byte by byte, cut short, or with rewritten sizes

const pixels = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 53 + 17) & 255);
const baseImages: Uint8Array[] = [
  encodePng({ width: 5, height: 4, channels: 1, data: pixels(20) }),
  encodePng({ width: 4, height: 3, channels: 3, data: pixels(36) }),
  encodePng({ width: 3, height: 3, channels: 4, data: pixels(36) }),
  encodePng({ width: 4, height: 2, channels: 1, depth: 16, data: Uint16Array.from(pixels(8), (v) => v * 257) }),
  encodePng({ width: 4, height: 1, channels: 1, depth: 2, palette: [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]], data: Uint8Array.of(0b0001_1011) }),
  new Uint8Array(jpeg.encode({ width: 8, height: 8, data: pixels(256) }, 90).data),
  new Uint8Array(jpeg.encode({ width: 17, height: 9, data: pixels(17 * 9 * 4) }, 50).data),
];

const imageMutation = fc.oneof(
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('size' as const), width: fc.integer({ min: 0, max: 0xffff }), height: fc.integer({ min: 0, max: 0xffff }) }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ maxLength: 64 }) }),
);

/** Writes a width and height into a PNG's IHDR or a JPEG's frame header. */
function resize(bytes: Uint8Array<ArrayBuffer>, width: number, height: number): Uint8Array<ArrayBuffer> {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  if (out[0] === 0x89 && out.length >= 24) {
    view.setUint32(16, width);
    view.setUint32(20, height);
    return out;
  }
  const sof = out.findIndex((b, i) => b === 0xff && (out[i + 1] === 0xc0 || out[i + 1] === 0xc2));
  if (sof >= 0 && sof + 9 <= out.length) {
    view.setUint16(sof + 5, height);
    view.setUint16(sof + 7, width);
  }
  return out;
}

/** A base image with one to four random damages. */
export const imageBytes: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.nat(baseImages.length - 1), fc.array(imageMutation, { minLength: 1, maxLength: 4 }))
  .map(([which, mutations]) => {
    let bytes: Uint8Array<ArrayBuffer> = Uint8Array.from(baseImages[which]);
    for (const m of mutations) {
      if (m.kind === 'byte' && bytes.length > 0) bytes[m.at % bytes.length] = m.value;
      else if (m.kind === 'cut') bytes = bytes.slice(0, m.at % (bytes.length + 1));
      else if (m.kind === 'size') bytes = resize(bytes, m.width, m.height);
      else if (m.kind === 'append') bytes = Uint8Array.from([...bytes, ...m.bytes]);
    }
    return bytes;
  });

/** The most pixels the fuzzed decoder may accept: 1 megapixel, 4 MiB as RGBA. */
export const FUZZ_MAX_PIXELS = 2 ** 20;

/** Decodes an image within the pixel limit and converts it as `convstudio run` does. */
export function checkImage(bytes: Uint8Array): Outcome {
  return typed(() => {
    const image = decodeImage(bytes, { maxPixels: FUZZ_MAX_PIXELS });
    imageToTensor(image, { mode: 'grayscale', size: [8, 8], scale: '0-1' });
  });
}

/** Each kind's generator and parser. */
export const fuzzTargets = {
  pipelines: { arbitrary: pipelineDocument, check: checkPipeline },
  weights: { arbitrary: weightsDocument, check: checkWeights },
  images: { arbitrary: imageBytes, check: checkImage },
} as const satisfies Record<FuzzKind, { arbitrary: fc.Arbitrary<unknown>; check: (input: never) => Outcome }>;
