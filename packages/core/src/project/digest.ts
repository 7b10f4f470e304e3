/** A SHA-256 of bytes as 64 lowercase hex digits; hosts may pass their own (Node's crypto, say). */
export type Sha256 = (bytes: Uint8Array) => Promise<string>;

// Core's main entry has no DOM or Node types, so Web Crypto is described here as far as it is used.
interface SubtleDigest {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}

/**
 * SHA-256 through Web Crypto (`globalThis.crypto.subtle`), which Node 20, Electron, browsers and
 * workers all have; refuses with a message where it is missing (an insecure browser context).
 *
 * @example
 * await webCryptoSha256(new Uint8Array()); // 'e3b0c442…b855'
 */
export const webCryptoSha256: Sha256 = async (bytes) => {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleDigest } }).crypto?.subtle;
  if (!subtle) throw new Error('SHA-256: this host has no Web Crypto (crypto.subtle); pass a sha256 function');
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
};
