/**
 * What the user chose in Open, sorted out: the one project, and the files chosen with it (a
 * project keeps large weights in a `.bin` file beside it, which a browser page can read only
 * when the user hands it over too).
 *
 * @example
 * const chosen = sortChosenFiles([{ name: 'net.convstudio.json' }, { name: 'net.convstudio.json.weights-0123456789abcdef.bin' }]);
 * // { ok: true, project: { name: 'net.convstudio.json' }, beside: Map { 'net.convstudio.json.weights-…' => … } }
 */
export function sortChosenFiles<T extends { name: string }>(files: readonly T[]): { ok: true; project: T; beside: Map<string, T> } | { ok: false; error: string } {
  const isWeights = (f: T) => f.name.toLowerCase().endsWith('.bin');
  const projects = files.filter((f) => !isWeights(f));
  if (projects.length === 0) {
    return { ok: false, error: `${files.map((f) => f.name).join(', ')}: a weights file opens only with its project: choose the project (.convstudio.json) and its weights file together` };
  }
  if (projects.length > 1) return { ok: false, error: `choose one project at a time (with its weights file), got ${projects.map((f) => f.name).join(', ')}` };
  return { ok: true, project: projects[0], beside: new Map(files.filter(isWeights).map((f) => [f.name, f])) };
}

/**
 * Why a project's weights file could not be found in the browser: names the file to choose.
 *
 * @example
 * missingWeightsMessage('net.convstudio.json.weights-0123456789abcdef.bin');
 */
export function missingWeightsMessage(file: string): string {
  return `it was not chosen with the project: open again and choose both the project and ${file} (they are saved side by side)`;
}
