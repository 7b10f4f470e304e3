/// <reference lib="webworker" />
// SHA-256 of a Blob, off the page's thread: the Blob crosses without its bytes (a Blob is a
// handle), this worker reads it and hashes it. On AlexNet's 244 MB weights file Web Crypto's
// digest took the page's thread about 0.2 s (it copies its input before hashing).
import { webCryptoSha256 } from '@convstudio/core';
import type { DigestReply, DigestRequest } from './blob-digest.js';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = async ({ data }: MessageEvent<DigestRequest>) => {
  let reply: DigestReply;
  try {
    reply = { id: data.id, sha256: await webCryptoSha256(new Uint8Array(await data.blob.arrayBuffer())) };
  } catch (error) {
    reply = { id: data.id, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
