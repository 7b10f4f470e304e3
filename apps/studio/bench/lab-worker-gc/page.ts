// Starts `workers` training threads at once (query: ?workers=2&images=4000&epochs=3) and posts
// each one's epoch times to the benchmark's server (lab-worker-gc.ts), which then closes Chromium.
const query = new URLSearchParams(location.search);
const workers = Number(query.get('workers') ?? 1);
const images = Number(query.get('images') ?? 4000);
const epochs = Number(query.get('epochs') ?? 3);

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
await fetch('./result', { method: 'POST', body: JSON.stringify(epochMs) });

export {};
