import { weightedProject } from '../../shared/testing/weighted-project.js';

/**
 * Generation `k` of the project: its title, its conv layer's id (renamed every other save, so a
 * project joined with another save's weights names a layer it does not have) and every weight
 * value say `k`; every fifth save keeps its weights inline, so its weights files become leftovers.
 *
 * @example
 * const { project, inlineLimit } = generation(3);
 */
export function generation(k: number) {
  const value = (k % 4096) / 4096; // exact in float32
  return { project: weightedProject({ id: k % 2 ? 'conv-odd' : 'conv-even', title: `generation ${k}`, inChannels: 8, outChannels: 32, kernelSize: 7, value: () => value }), inlineLimit: k % 5 === 0 ? Infinity : 1000 };
}
