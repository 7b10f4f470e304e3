import type { ChannelNormalizeGradients } from '../backend.js';
import { Tensor } from '../tensor.js';

/** [N, C, inner] view of a [N, C, ...] tensor. */
function channelLayout(shape: readonly number[]): { batch: number; channels: number; inner: number } {
  const [batch, channels] = shape;
  let inner = 1;
  for (let i = 2; i < shape.length; i++) inner *= shape[i];
  return { batch, channels, inner };
}

/**
 * Mean and biased variance per channel, in float64 and in two passes (Σ(x - mean)² rather than
 * Σx² - mean², which cancels catastrophically when the mean is large against the spread).
 */
export function channelMoments(x: Tensor): { mean: Tensor; variance: Tensor } {
  const { batch, channels, inner } = channelLayout(x.shape);
  const src = x.data;
  const count = batch * inner;
  const mean = new Float32Array(channels);
  const variance = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let n = 0; n < batch; n++) {
      const start = (n * channels + c) * inner;
      for (let i = start; i < start + inner; i++) sum += src[i];
    }
    const m = sum / count;
    let squares = 0;
    for (let n = 0; n < batch; n++) {
      const start = (n * channels + c) * inner;
      for (let i = start; i < start + inner; i++) squares += (src[i] - m) * (src[i] - m);
    }
    mean[c] = m;
    variance[c] = squares / count;
  }
  return { mean: new Tensor(mean, [channels]), variance: new Tensor(variance, [channels]) };
}

/** (x - mean) / sqrt(variance + eps) · gamma + beta per channel, in float64 per element. */
export function channelNormalize(x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor | undefined, beta: Tensor | undefined, eps: number): Tensor {
  const { batch, channels, inner } = channelLayout(x.shape);
  const src = x.data;
  const out = new Float32Array(x.size);
  for (let c = 0; c < channels; c++) {
    const m = mean.data[c];
    const invStd = 1 / Math.sqrt(variance.data[c] + eps);
    const g = gamma ? gamma.data[c] : 1;
    const b = beta ? beta.data[c] : 0;
    for (let n = 0; n < batch; n++) {
      const start = (n * channels + c) * inner;
      for (let i = start; i < start + inner; i++) out[i] = (src[i] - m) * invStd * g + b;
    }
  }
  return new Tensor(out, x.shape);
}

/**
 * With x̂ = (x - mean)·invStd: dgamma = Σ dy·x̂, dbeta = Σ dy; dx = gamma·invStd·dy when the
 * statistics are constants, and gamma·invStd·(dy - mean(dy) - x̂·mean(dy·x̂)) when they are x's
 * own batch statistics (the mean's and the biased variance's share).
 */
export function channelNormalizeBackward(
  dy: Tensor,
  x: Tensor,
  mean: Tensor,
  variance: Tensor,
  gamma: Tensor | undefined,
  eps: number,
  throughStatistics: boolean,
): ChannelNormalizeGradients {
  const { batch, channels, inner } = channelLayout(x.shape);
  const src = x.data;
  const g = dy.data;
  const count = batch * inner;
  const dx = new Float32Array(x.size);
  const dgamma = new Float32Array(channels);
  const dbeta = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const m = mean.data[c];
    const invStd = 1 / Math.sqrt(variance.data[c] + eps);
    let sumG = 0;
    let sumGX = 0;
    for (let n = 0; n < batch; n++) {
      const start = (n * channels + c) * inner;
      for (let i = start; i < start + inner; i++) {
        sumG += g[i];
        sumGX += g[i] * (src[i] - m) * invStd;
      }
    }
    dgamma[c] = sumGX;
    dbeta[c] = sumG;
    const factor = (gamma ? gamma.data[c] : 1) * invStd;
    const meanG = throughStatistics ? sumG / count : 0;
    const meanGX = throughStatistics ? sumGX / count : 0;
    for (let n = 0; n < batch; n++) {
      const start = (n * channels + c) * inner;
      for (let i = start; i < start + inner; i++) dx[i] = factor * (g[i] - meanG - (src[i] - m) * invStd * meanGX);
    }
  }
  return { dx: new Tensor(dx, x.shape), dgamma: new Tensor(dgamma, [channels]), dbeta: new Tensor(dbeta, [channels]) };
}
