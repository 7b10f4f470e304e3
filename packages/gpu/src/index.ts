// Public API of @convstudio/gpu: an explicit list, filled as kernels land.
export {};
