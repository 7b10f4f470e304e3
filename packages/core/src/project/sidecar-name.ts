const HASH_IN_NAME = 16; // hex digits of the content hash in a weights file's name

/**
 * The weights file of a project of this name holding bytes of this SHA-256:
 * `net.convstudio.json` → `net.convstudio.json.weights-<16 hex digits>.bin`. The full project
 * name is kept (so `net.json` and `net.convstudio.json` never share one) and the hash makes
 * every save's weights a new file, so a save never overwrites the weights the project on disk
 * still names.
 *
 * @example
 * sidecarName('net.convstudio.json', sha256); // 'net.convstudio.json.weights-3f2a…9c.bin'
 */
export function sidecarName(projectName: string, sha256: string): string {
  return `${baseName(projectName)}.weights-${sha256.slice(0, HASH_IN_NAME)}.bin`;
}

/**
 * Whether `fileName` is a weights file {@link sidecarName} makes for `projectName` (the hash part
 * has a fixed length, so no other project's weights file matches).
 *
 * @example
 * isSidecarOf('net.json', 'net.json.weights-0123456789abcdef.bin'); // true
 */
export function isSidecarOf(projectName: string, fileName: string): boolean {
  const prefix = `${baseName(projectName)}.weights-`;
  return fileName.startsWith(prefix) && /^[0-9a-f]{16}\.bin$/.test(fileName.slice(prefix.length));
}

/** The last part of a path, with either separator. */
export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
