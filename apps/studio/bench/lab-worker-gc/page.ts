// Starts `workers` training threads at once (query: ?workers=2&images=4000&epochs=3) and posts
// each one's epoch times to the benchmark's server (lab-worker-gc.ts), which then closes Chromium.
const query = new URLSearchParams(location.search);
const workers = Number(query.get('workers') ?? 1);
const images = Number(query.get('images') ?? 4000);
const epochs = Number(query.get('epochs') ?? 3);

/** Whether this browser validates relaxed SIMD (a module of one f32x4.relaxed_madd): core then runs its relaxed kernels. */
function relaxedSimd(): boolean {
  const constant = (): number[] => [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
  const body = [0x00, ...constant(), ...constant(), ...constant(), 0xfd, 0x85, 0x02, 0x0b];
  const code = [0x01, body.length, ...body];
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00];
  return WebAssembly.validate(new Uint8Array([...header, 0x0a, code.length, ...code]));
}

const epochMs = await Promise.all(
  Array.from({ length: workers }, () => new Promise<number[]>((resolve, reject) => {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }: MessageEvent<number[]>) => {
      worker.terminate();
      resolve(data);
    };
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage({ images, epochs });
  })),
).catch((error: unknown) => ({ error: String(error) }));
await fetch('./result', { method: 'POST', body: JSON.stringify('error' in epochMs ? epochMs : { epochMs, relaxedSimd: relaxedSimd(), userAgent: navigator.userAgent }) });

export {};
