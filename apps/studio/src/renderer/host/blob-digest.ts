import { webCryptoSha256, type Sha256 } from '@convstudio/core';

export interface DigestRequest {
  id: number;
  blob: Blob;
}
export type DigestReply = { id: number; sha256: string } | { id: number; error: string };

/** What {@link blobDigests} needs of a worker (a real one in the page, a fake in tests). */
export interface DigestWorker {
  postMessage(message: DigestRequest): void;
  onmessage: ((event: { data: DigestReply }) => void) | null;
}

const createDigestWorker = (): DigestWorker | undefined =>
  typeof Worker === 'undefined' ? undefined : (new Worker(new URL('./sha256-worker.ts', import.meta.url), { type: 'module', name: 'convstudio-sha256' }) as unknown as DigestWorker);

/**
 * SHA-256 of the large files a project reads and writes, computed in a worker from Blobs, so
 * core's reader and writer (which check and name weights files by their hash) never hash
 * hundreds of megabytes on the page's thread:
 * - `read(blob)` gives a file's bytes, its hash started in the worker as the reading starts;
 * - `blobOf(bytes)` makes the Blob a download or file write needs anyway, and starts its hash;
 * - `sha256` is the function to hand core: the worker's hash of bytes that came from `read` or
 *   went through `blobOf`; other bytes above `workerBytes` (a weights file being written) go
 *   through `blobOf` first, so the host's later `blobOf` for the download gets the same Blob;
 *   Web Crypto on this thread for small bytes (and where the worker failed). Bytes are matched
 *   by identity: never change them in between.
 *
 * @example
 * const digests = blobDigests();
 * const bytes = await digests.read(file); // hashing starts in the worker
 * await readProjectContent(text, name, async () => bytes, undefined, digests.sha256);
 */
export function blobDigests(createWorker: () => DigestWorker | undefined = createDigestWorker, workerBytes = 2 ** 20) {
  const hashes = new WeakMap<Uint8Array, Promise<string>>();
  const blobs = new WeakMap<Uint8Array, Blob>();
  const waiting = new Map<number, { resolve: (hex: string) => void; reject: (error: Error) => void }>();
  let worker: DigestWorker | undefined | null = null;
  let nextId = 1;

  const hashInWorker = (blob: Blob): Promise<string> | undefined => {
    if (worker === null) {
      worker = createWorker();
      if (worker) {
        worker.onmessage = ({ data }) => {
          const entry = waiting.get(data.id);
          waiting.delete(data.id);
          if ('sha256' in data) entry?.resolve(data.sha256);
          else entry?.reject(new Error(data.error));
        };
      }
    }
    if (!worker) return undefined;
    const id = nextId++;
    const hash = new Promise<string>((resolve, reject) => waiting.set(id, { resolve, reject }));
    worker.postMessage({ id, blob });
    return hash;
  };
  const remember = (bytes: Uint8Array, blob: Blob) => {
    const hash = hashInWorker(blob);
    // A failed worker hash is answered on this thread later (sha256), never left unhandled.
    if (hash) hashes.set(bytes, hash.catch(() => webCryptoSha256(bytes)));
  };

  const digests = {
    async read(blob: Blob): Promise<Uint8Array> {
      // The worker starts hashing while this thread reads: the two reads of the file overlap.
      const hash = hashInWorker(blob);
      hash?.catch(() => undefined); // answered below, once the bytes are here
      const bytes = new Uint8Array(await blob.arrayBuffer());
      if (hash) hashes.set(bytes, hash.catch(() => webCryptoSha256(bytes)));
      return bytes;
    },
    blobOf(bytes: Uint8Array, type = 'application/octet-stream'): Blob {
      const known = blobs.get(bytes);
      if (known) return known;
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type });
      blobs.set(bytes, blob);
      remember(bytes, blob);
      return blob;
    },
    sha256: ((bytes) => {
      if (!hashes.has(bytes) && bytes.length > workerBytes) digests.blobOf(bytes);
      return hashes.get(bytes) ?? webCryptoSha256(bytes);
    }) as Sha256,
  };
  return digests;
}
