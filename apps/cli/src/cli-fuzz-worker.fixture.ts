// Runs in a worker thread started by cli-fuzz.test.ts: damaged pipeline files through `cost` and
// `receptive`, damaged images through `run`, each in-process through `main`. Progress goes to a
// shared counter the test watches, so a command that hangs is found and the worker terminated.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { createRandom, encodePng, setMaxTensorElements, templates, type Random } from '@convstudio/core';
import { main } from './main.js';
import { recordingIo, removeTemporaryDirectories, temporaryDirectory } from './test-io.fixture.js';

export interface CliFuzzRequest {
  seed: number;
  documents: number;
  images: number;
  progress: SharedArrayBuffer;
}

export interface CliFuzzReport {
  cases: number;
  exitCodes: Record<number, number>;
  /** Cases that ended as an internal error (exit 70), a stack trace, a decoder's own words or an unexpected code. */
  failures: string[];
}

const port = parentPort;
if (!port) throw new Error('cli-fuzz-worker.fixture must run in a worker thread');
const request = workerData as CliFuzzRequest;
const progress = new Int32Array(request.progress);
const random = createRandom(request.seed);
const pick = <T>(list: readonly T[], rng: Random): T => list[Math.floor(rng.next() * list.length)];
setMaxTensorElements(2 ** 22);

const hostile = ['1e39', '-1', '0', '4294967296', '1e308', 'null', 'true', '"yes"', '"__proto__"', '[]', '{}', '[1,2,3,4]', '70000', '0.5'];

/** A template's text with a few text-level damages: cut short, characters changed, numbers replaced. */
function damagedDocument(rng: Random): string {
  let text = JSON.stringify(pick(templates, rng).build(), null, 1);
  const damages = 1 + Math.floor(rng.next() * 3);
  for (let d = 0; d < damages; d++) {
    const at = Math.floor(rng.next() * text.length);
    const how = rng.next();
    if (how < 0.15) text = text.slice(0, at);
    else if (how < 0.35) text = text.slice(0, at) + pick(['{', '}', '[', ']', ',', ':', '"', '\\', '\u0000', 'é'], rng) + text.slice(at + 1);
    else {
      // Replace the number or string value nearest after `at` by a hostile one.
      const match = /(-?\d+(\.\d+)?(e[+-]?\d+)?|"[^"]*")/g;
      match.lastIndex = at;
      const found = match.exec(text);
      if (found) text = text.slice(0, found.index) + pick(hostile, rng) + text.slice(found.index + found[0].length);
    }
  }
  return text;
}

const smallNet = JSON.stringify({
  format: 'convstudio-pipeline',
  version: 1,
  nodes: [{ id: 'in', kind: 'input', params: { channels: 1, height: 6, width: 6 } }, { id: 'c', kind: 'conv2d', params: { outChannels: 2, kernelSize: 3 } }, { id: 'r', kind: 'relu', params: {} }],
  edges: [{ source: 'in', target: 'c' }, { source: 'c', target: 'r' }],
});
const baseImage = encodePng({ width: 7, height: 5, data: Uint8Array.from({ length: 140 }, (_, i) => (i * 29) & 255) });

function damagedImage(rng: Random): Uint8Array {
  let bytes = baseImage.slice();
  const damages = 1 + Math.floor(rng.next() * 3);
  for (let d = 0; d < damages; d++) {
    const at = Math.floor(rng.next() * bytes.length);
    if (rng.next() < 0.25) bytes = bytes.slice(0, at);
    else if (bytes.length > 0) bytes[at] = Math.floor(rng.next() * 256);
  }
  return bytes;
}

// Decoders' internals, which must stay behind our words (core keeps them as technicalDetail).
const decoderWords = /DataView|Cannot (read|set) properties|huffman|zlib|typed array|marker was not found/i;

const report: CliFuzzReport = { cases: 0, exitCodes: {}, failures: [] };

async function runCase(argv: string[], files: Record<string, string | Uint8Array>, allowed: number[], what: string): Promise<void> {
  Atomics.store(progress, 0, report.cases++);
  const io = recordingIo({ cwd: temporaryDirectory() });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(io.cwd, name), content);
  const code = await main(argv, io);
  report.exitCodes[code] = (report.exitCodes[code] ?? 0) + 1;
  if (!allowed.includes(code) || /internal error|\n\s+at /.test(io.err) || decoderWords.test(io.err)) report.failures.push(`${what} (case ${report.cases - 1}, seed ${request.seed}): exit ${code}: ${io.err.slice(0, 500)}`);
}

for (let i = 0; i < request.documents; i++) {
  const text = damagedDocument(random);
  for (const command of ['cost', 'receptive']) await runCase([command, 'net.json'], { 'net.json': text }, [0, 1], `${command} of a damaged pipeline`);
  if (i % 50 === 49) removeTemporaryDirectories();
}
for (let i = 0; i < request.images; i++) {
  await runCase(['run', 'net.json', '--image', 'x.png', '--out', 'maps'], { 'net.json': smallNet, 'x.png': damagedImage(random) }, [0, 1], 'run on a damaged image');
  if (i % 50 === 49) removeTemporaryDirectories();
}
removeTemporaryDirectories();
port.postMessage(report);
