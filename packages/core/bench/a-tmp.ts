import { addBiasPlanes } from '../src/conv-plan.ts';
import { adamStep } from '../src/cpu/optimizers.ts';
import { randn, zeros } from '../src/index.ts';
function best(run: () => unknown): number { for (let i = 0; i < 20; i++) run(); let b = 1e9; for (let r = 0; r < 30; r++) { const s = performance.now(); for (let i = 0; i < 10; i++) run(); b = Math.min(b, (performance.now() - s) / 10); } return b; }
const out = new Float32Array(200704); const bias = new Float32Array(8).fill(0.1);
console.log('addBiasPlanes 32x8x784', best(() => addBiasPlanes(out, bias, 32, 8, 784)).toFixed(3));
const p = randn([64, 784], { seed: 1 }), g = randn([64, 784], { seed: 2 }), m = zeros([64, 784]), v = zeros([64, 784]);
let step = 0;
const o = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 };
console.log('adam 50K', best(() => adamStep(p, g, m, v, { ...o, step: ++step })).toFixed(3));
function adam2(param: Float32Array, grad: Float32Array, mm: Float32Array, vv: Float32Array, lr: number, beta1: number, beta2: number, epsilon: number, weightDecay: number, step: number) {
  const c1 = 1 - beta1 ** step; const c2 = 1 - beta2 ** step; const ob1 = 1 - beta1; const ob2 = 1 - beta2;
  for (let i = 0; i < param.length; i++) {
    const pi = param[i];
    const gi = grad[i] + weightDecay * pi;
    const mi = Math.fround(beta1 * mm[i] + ob1 * gi);
    const vi = Math.fround(beta2 * vv[i] + ob2 * gi * gi);
    mm[i] = mi; vv[i] = vi;
    param[i] = pi - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon);
  }
}
const p2 = randn([64, 784], { seed: 1 }), m2 = zeros([64, 784]), v2 = zeros([64, 784]);
let s2 = 0;
console.log('adam2 50K', best(() => adam2(p2.data, g.data, m2.data, v2.data, 1e-3, 0.9, 0.999, 1e-8, 0, ++s2)).toFixed(3));
// exactness check
const pa = randn([1000], { seed: 3 }), ma = zeros([1000]), va = zeros([1000]); const pb = randn([1000], { seed: 3 }), mb = zeros([1000]), vb = zeros([1000]); const ga = randn([1000], { seed: 4 });
for (let k = 1; k < 50; k++) { adamStep(pa, ga, ma, va, { ...o, weightDecay: 0.01, step: k }); adam2(pb.data, ga.data, mb.data, vb.data, 1e-3, 0.9, 0.999, 1e-8, 0.01, k); }
console.log('equal', pa.data.every((x, i) => Object.is(x, pb.data[i])), ma.data.every((x, i) => Object.is(x, mb.data[i])));
