import { fillNormal } from '../src/random.ts';
import { createModel, alexNet } from '../src/index.ts';
const a = new Float32Array(10_000_000);
let best = 1e9, bestAlloc = 1e9;
for (let i = 0; i < 8; i++) { let t = performance.now(); fillNormal(a, i, 0.01); best = Math.min(best, performance.now() - t); t = performance.now(); const b = new Float32Array(10_000_000); b[5] = 1; bestAlloc = Math.min(bestAlloc, performance.now() - t); }
console.log(`fillNormal ${(best / 10).toFixed(2)} ns/value -> ${(best * 6.11).toFixed(0)} ms for 61.1M; alloc ${(bestAlloc * 6.11).toFixed(0)} ms for 61.1M`);
let bm = 1e9; for (let i = 0; i < 3; i++) { const t = performance.now(); createModel(alexNet()); bm = Math.min(bm, performance.now() - t); } console.log(`createModel(alexNet()) best ${bm.toFixed(0)} ms`);
