/**
 * JSON as ASCII bytes and back, for binary file headers. Core's main entry has no DOM or Node
 * types (so no TextEncoder); escaping every non-ASCII character as `\uXXXX` keeps a header one
 * byte per character, so any tensor name still fits.
 *
 * @example
 * parseAsciiJson(asciiJson({ name: 'café' })); // { name: 'café' }
 */
export function asciiJson(value: unknown): Uint8Array {
  const text = JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** ASCII bytes as text; throws on a byte above 127 (not a header this library wrote). */
export function asciiText(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    const bad = chunk.findIndex((b) => b > 127);
    if (bad >= 0) throw new Error(`expected ASCII, got byte ${chunk[bad]} at ${i + bad}`);
    parts.push(String.fromCharCode(...chunk));
  }
  return parts.join('');
}

/** Parses {@link asciiJson}'s bytes. */
export function parseAsciiJson(bytes: Uint8Array): unknown {
  return JSON.parse(asciiText(bytes));
}
