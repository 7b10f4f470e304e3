import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blobDigests, type DigestReply, type DigestRequest, type DigestWorker } from './blob-digest.js';

const nodeSha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A worker in this thread that answers as sha256-worker.ts does (or fails, when told to), and counts its requests. */
function fakeWorker(fail = false): DigestWorker & { requests: DigestRequest[] } {
  const worker: DigestWorker & { requests: DigestRequest[] } = {
    requests: [],
    onmessage: null,
    postMessage(message) {
      worker.requests.push(message);
      void message.blob.arrayBuffer().then((buffer) => {
        const reply: DigestReply = fail ? { id: message.id, error: 'worker gone' } : { id: message.id, sha256: nodeSha256(new Uint8Array(buffer)) };
        worker.onmessage?.({ data: reply });
      });
    },
  };
  return worker;
}

const bytesOf = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7) & 255);

describe('blobDigests', () => {
  it('hashes a file it reads in the worker, from the Blob, and answers core with that hash', async () => {
    const worker = fakeWorker();
    const digests = blobDigests(() => worker);
    const content = bytesOf(5000);
    const bytes = await digests.read(new Blob([content]));
    expect(bytes).toEqual(content);
    expect(worker.requests).toHaveLength(1);
    expect(await digests.sha256(bytes)).toBe(nodeSha256(content));
    expect(worker.requests).toHaveLength(1);
  });

  it('hashes large bytes being written through the Blob the host then downloads (one Blob, one copy)', async () => {
    const worker = fakeWorker();
    const digests = blobDigests(() => worker, 1000);
    const written = bytesOf(4000);
    expect(await digests.sha256(written)).toBe(nodeSha256(written));
    expect(worker.requests).toHaveLength(1);
    const blob = digests.blobOf(written);
    expect(blob).toBe(worker.requests[0].blob);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(written);
    // Small bytes are hashed here: a worker round trip would cost more than it saves.
    expect(await digests.sha256(bytesOf(10))).toBe(nodeSha256(bytesOf(10)));
    expect(worker.requests).toHaveLength(1);
  });

  it('falls back to hashing on this thread when the worker fails or cannot be made', async () => {
    const broken = blobDigests(() => fakeWorker(true), 10);
    const bytes = await broken.read(new Blob([bytesOf(300)]));
    expect(await broken.sha256(bytes)).toBe(nodeSha256(bytesOf(300)));
    const none = blobDigests(() => undefined, 10);
    expect(await none.sha256(await none.read(new Blob([bytesOf(300)])))).toBe(nodeSha256(bytesOf(300)));
    expect(await none.sha256(bytesOf(500))).toBe(nodeSha256(bytesOf(500)));
  });
});
