/**
 * @convstudio/core/backend: what a backend author needs beyond the user API. A backend (such as
 * @convstudio/gpu) implements {@link Backend}; these are the pieces it shares with core's own
 * kernels: the change counter that tells a device copy it is stale, the device storage slot of a
 * tensor, core's reference matrix multiply, and the group size of min-max normalisation.
 * Users of the library never need this entry.
 */
export type { Backend, ActivationKind, NormalizeScope, SgdStepOptions, AdamStepOptions } from './backend.js';
export { tensorVersion, markChanged } from './tensor.js';
export type { DeviceStorage } from './tensor.js';
export type { Conv2dInfo } from './shape.js';
export type { Pool2dInfo } from './pool-info.js';
export { gemm } from './cpu/gemm.js';
export type { MatrixView } from './matrix-view.js';
export { normalizeGroupSize } from './cpu/normalize.js';
