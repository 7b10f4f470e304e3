import { elementwiseMain } from './common.js';

/** One thread per line along the axis (`outer` x `inner` lines of `classes` values, `inner` apart). */
export const softmaxBody = (log: boolean): string =>
  elementwiseMain(`  let base = (i / u.inner) * u.classes * u.inner + i % u.inner;
  var hi = x[base];
  for (var c = 1; c < u.classes; c = c + 1) { hi = max(hi, x[base + c * u.inner]); }
  var sum = 0.0;
  for (var c = 0; c < u.classes; c = c + 1) { sum = sum + exp(x[base + c * u.inner] - hi); }
  for (var c = 0; c < u.classes; c = c + 1) {
    let at = base + c * u.inner;
    ${log ? 'out[at] = x[at] - (log(sum) + hi);' : 'out[at] = exp(x[at] - hi) / sum;'}
  }`);

/** softmax: dx = y·(dy - Σ dy·y); log-softmax: dx = dy - exp(y)·Σ dy. */
export const softmaxBackwardBody = (log: boolean): string =>
  elementwiseMain(`  let base = (i / u.inner) * u.classes * u.inner + i % u.inner;
  var dot = 0.0;
  for (var c = 0; c < u.classes; c = c + 1) {
    let at = base + c * u.inner;
    dot = dot + ${log ? 'dy[at]' : 'dy[at] * y[at]'};
  }
  for (var c = 0; c < u.classes; c = c + 1) {
    let at = base + c * u.inner;
    dx[at] = ${log ? 'dy[at] - exp(y[at]) * dot' : 'y[at] * (dy[at] - dot)'};
  }`);
