/**
 * What a file says about how its weights were trained, as the studio's weights badge shows it
 * ("Weights: trained (3 epochs, mnist)"): from the studio's own view state when it saved the
 * file, else from the weights' `meta` that `convstudio train` and `convstudio runs show
 * --project` write. Without either, a file's weights read as set by hand, which a trained model
 * is not.
 *
 * @example
 * trainedFromMeta({ dataset: 'mnist', epoch: 3 }); // { task: 'mnist', epochs: 3 }
 */
export function trainedFromMeta(meta: Record<string, unknown> | undefined): { task: string; epochs: number } | undefined {
  if (!meta) return undefined;
  const history = Array.isArray(meta.history) ? meta.history.length : undefined;
  const epochs = typeof meta.epoch === 'number' && Number.isInteger(meta.epoch) && meta.epoch >= 0 ? meta.epoch : history;
  if (epochs === undefined || epochs < 1) return undefined;
  if (meta.source === 'convstudio lab') return { task: `lab run ${typeof meta.run === 'number' ? meta.run : '?'}`, epochs };
  if (typeof meta.dataset === 'string' && meta.dataset.length > 0) return { task: meta.dataset.slice(0, 120), epochs };
  return undefined;
}
