import { describe, expect, it } from 'vitest';
import { BufferUsage, MAP_READ_MODE } from './gpu-constants.js';
import { gpuForTests } from './gpu-setup.fixture.js';
import { dispatch, type Program } from './program.js';
import { CommandRecorder } from './recorder.js';

const setup = await gpuForTests();

/** y = x + 1, one thread per value. */
const plusOne: Program = {
  label: 'test.plusOne',
  key: '',
  uniforms: [['n', 'u32']],
  inputs: ['x'],
  outputs: ['y'],
  body: '@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3<u32>) { if (id.x < u.n) { y[id.x] = x[id.x] + 1.0; } }',
};

describe.skipIf(!setup.backend)(`CommandRecorder on webgpu${setup.skipReason ? ` (skipped: ${setup.skipReason})` : ''}`, () => {
  const device = setup.backend?.device as GPUDevice;
  const storage = (label: string) => device.createBuffer({ label, size: 16, usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST });
  const read = async (recorder: CommandRecorder, buffer: GPUBuffer) => {
    const staging = device.createBuffer({ label: 'test.read', size: 16, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    recorder.copy(buffer, staging, 16);
    recorder.submit();
    await staging.mapAsync(MAP_READ_MODE);
    const values = Array.from(new Float32Array(staging.getMappedRange().slice(0)));
    staging.destroy();
    return values;
  };

  it('submits pending commands before a queue write into a buffer they read, so they see the old values', async () => {
    const recorder = new CommandRecorder(device);
    const [x, y] = [storage('test.x'), storage('test.y')];
    recorder.write(x, Float32Array.of(1, 2, 3, 4));
    const run = { program: plusOne, inputs: [x], outputs: [y], uniforms: { n: 4 }, workgroups: [1, 1, 1] as [number, number, number] };
    recorder.batch(() => {
      dispatch(device, recorder, run);
      expect(recorder.busy(x)).toBe(true);
      expect(recorder.submits).toBe(0);
      // Without the early submit this write would land before the dispatch: y = 11, 21, 31, 41 (checked).
      recorder.write(x, Float32Array.of(10, 20, 30, 40));
      expect(recorder.submits).toBe(1);
      expect(recorder.busy(x)).toBe(false);
    });
    expect(await read(recorder, y)).toEqual([2, 3, 4, 5]);
    x.destroy();
    y.destroy();
  });

  it('records dispatches of a scope into one submit and runs deferred work only after it', async () => {
    const recorder = new CommandRecorder(device);
    const [a, b, c] = [storage('test.a'), storage('test.b'), storage('test.c')];
    recorder.write(a, Float32Array.of(0, 1, 2, 3));
    const released: string[] = [];
    recorder.batch(() => {
      dispatch(device, recorder, { program: plusOne, inputs: [a], outputs: [b], uniforms: { n: 4 }, workgroups: [1, 1, 1] });
      recorder.afterSubmit(() => released.push('temporary'));
      // A later dispatch reads what the earlier one wrote: ordered inside the one command buffer.
      dispatch(device, recorder, { program: plusOne, inputs: [b], outputs: [c], uniforms: { n: 4 }, workgroups: [1, 1, 1] });
      recorder.endOperation();
      expect(recorder.submits).toBe(0);
      expect(released).toEqual([]);
    });
    expect(recorder.submits).toBe(1);
    expect(released).toEqual(['temporary']);
    expect(await read(recorder, c)).toEqual([2, 3, 4, 5]);
    for (const buffer of [a, b, c]) buffer.destroy();
  });

  it("submits every dispatch on its own in 'dispatch' mode", () => {
    const recorder = new CommandRecorder(device, 'dispatch');
    const [a, b] = [storage('test.a'), storage('test.b')];
    recorder.batch(() => {
      dispatch(device, recorder, { program: plusOne, inputs: [a], outputs: [b], uniforms: { n: 4 }, workgroups: [1, 1, 1] });
      dispatch(device, recorder, { program: plusOne, inputs: [a], outputs: [b], uniforms: { n: 4 }, workgroups: [1, 1, 1] });
    });
    expect(recorder.submits).toBe(2);
    a.destroy();
    b.destroy();
  });
});
