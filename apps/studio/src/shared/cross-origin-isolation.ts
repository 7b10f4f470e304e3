/**
 * Response headers that make the studio's page cross-origin isolated, on both hosts (the web
 * server's responses and Electron's `app://` protocol). Isolation is what lets a page and its
 * workers create a SharedArrayBuffer, which core's WebAssembly kernels need to run on several
 * threads; without it they run on one. The studio loads nothing from other origins, so
 * `require-corp` blocks nothing it uses.
 */
export const CROSS_ORIGIN_ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;
