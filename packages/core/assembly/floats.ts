// Short copies and clears as inline vector loops. memory.copy and memory.fill are calls into the
// engine that cost more than a short row: im2col of a 14x14 layer copies rows of 14 floats, with
// padding edges of one, tens of thousands of times per batch (the MNIST CNN's 14x14 convolutions
// ran 20-29% faster without them; `bench/train-step-profile.ts`). Pointers are byte offsets.

/** Copies `count` floats from `src` to `dst` (the two do not overlap). */
export function copyFloats(dst: usize, src: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < count; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

/** Writes `count` zeros at `dst` (nothing for count <= 0). */
export function zeroFloats(dst: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) v128.store(dst + (<usize>i << 2), f32x4.splat(0));
  for (; i < count; i++) store<f32>(dst + (<usize>i << 2), 0);
}

