import base, { boundaries } from '../../eslint.config.js';

// Core is the bottom of the stack: it imports no other ConvStudio package.
export default [...base, boundaries([{ group: ['@convstudio/*', '!@convstudio/core', '!@convstudio/core/*', '!@convstudio/bench-meta', '!@convstudio/bench-meta/*'], message: '@convstudio/core imports no other ConvStudio package (its benchmarks may use @convstudio/bench-meta).' }])];
