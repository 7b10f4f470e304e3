import { describe, expect, it } from 'vitest';
import { ConvStudioError } from './errors.js';
import { keep, markChanged, type DeviceStorage, Tensor, tensor, tensorVersion, tidy } from './tensor.js';

/** A stand-in accelerator: values held aside, reads async, disposal recorded. */
function fakeStorage(values: number[]): DeviceStorage & { disposed: boolean } {
  const storage = {
    device: 'fake',
    disposed: false,
    read: () => (storage.disposed ? Promise.reject(new Error('read after dispose')) : Promise.resolve(Float32Array.from(values))),
    dispose: () => {
      storage.disposed = true;
    },
  };
  return storage;
}

describe('device tensors', () => {
  it('refuse synchronous data access, naming Tensor.data and read()', () => {
    const t = Tensor.fromDevice(fakeStorage([1, 2, 3, 4]), [2, 2]);
    expect(t.device).toBe('fake');
    expect(t.size).toBe(4);
    let error: unknown;
    try {
      void t.data;
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConvStudioError);
    expect((error as ConvStudioError).message).toBe('Tensor.data: tensor [2,2] lives on fake; use `await tensor.read()` to copy its values to the CPU');
  });

  it('read on the CPU and on a device alike; dispose is a CPU no-op', async () => {
    const cpu = tensor([1, 2]);
    expect(cpu.device).toBe('cpu');
    expect(Array.from(await cpu.read())).toEqual([1, 2]);
    cpu.dispose();
    expect(Array.from(cpu.data)).toEqual([1, 2]);
    expect(Array.from(await Tensor.fromDevice(fakeStorage([5, 6]), [2]).read())).toEqual([5, 6]);
  });

  it('tidy disposes what it made except the result and kept tensors; reshapes share storage', () => {
    const made: ReturnType<typeof fakeStorage>[] = [];
    const make = () => {
      const s = fakeStorage([0]);
      made.push(s);
      return Tensor.fromDevice(s, [1]);
    };
    let kept: Tensor | undefined;
    const result = tidy(() => {
      make();
      kept = keep(make());
      const inner = tidy(() => ({ out: make().reshape([1, 1]), dropped: undefined }));
      make();
      return [inner.out];
    });
    expect(made.map((s) => s.disposed)).toEqual([true, false, false, true]);
    expect(result[0].shape).toEqual([1, 1]);
    expect(kept?.storage?.disposed).toBe(false);
  });

  it('count in-place changes of CPU tensors for upload caches', () => {
    const t = tensor([1]);
    expect(tensorVersion(t)).toBe(0);
    markChanged(t);
    expect(tensorVersion(t.reshape([1, 1]))).toBe(1);
  });
});
