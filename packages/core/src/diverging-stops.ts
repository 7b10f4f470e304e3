/**
 * The one diverging scale of ConvStudio (signed values: activations, weights, gradients): ColorBrewer
 * RdBu reversed, so negative is blue, zero near-white and positive red, as nine evenly spaced stops
 * from t = 0 (most negative) to t = 1 (most positive). Core's HTML report (filter-picture.ts) and
 * ui's colormaps interpolate these same stops, so a weight has one colour in the studio and in the
 * report; ui imports them from here because core may not import ui.
 *
 * @example
 * DIVERGING_STOPS[4]; // '#f7f7f7', zero
 */
export const DIVERGING_STOPS: readonly string[] = Object.freeze(['#2166ac', '#4393c3', '#92c5de', '#d1e5f0', '#f7f7f7', '#fddbc7', '#f4a582', '#d6604d', '#b2182b']);
