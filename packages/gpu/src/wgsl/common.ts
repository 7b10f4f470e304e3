// WGSL lives in TypeScript string modules, not `.wgsl` files: a plain `import` then loads it
// the same way in Node (tests, CLI), browsers, Web Workers and Electron, with no bundler plugin
// (`?raw`), no file-system path and no fetch. Each module holds WGSL only; the program value in
// kernels/ adds the generated bindings (program.ts) around it.

/** Index helpers shared by every elementwise program (256 threads a workgroup). */
export const common = /* wgsl */ `
const WG: u32 = 256u;

// Spreads 1D work over x and y of the dispatch (see linearWorkgroups) so any size fits.
fn linearIndex(wid: vec3<u32>, lid: u32, nwg: vec3<u32>) -> i32 {
  return i32((wid.y * nwg.x + wid.x) * WG + lid);
}

// NaN test on the bits: compilers may fold 'v != v' away, PyTorch keeps NaN visible.
fn isNan(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u;
}
`;

/** The entry point header of a 1D elementwise program; the body sees `i` and `u.size`. */
export const elementwiseMain = (body: string): string => /* wgsl */ `
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(wid, lid, nwg);
  if (i >= u.size) { return; }
${body}
}
`;
