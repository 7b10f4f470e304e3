// Wraps the typed-array and ArrayBuffer constructors of this thread (a fuzz worker) so that any
// allocation above `maxBytes` throws at once and the largest one is recorded. Allocations through
// a typed array's own methods (slice, map) pass unseen; every parser we fuzz allocates with `new`.

/** Thrown by a guarded constructor asked for more than the guard allows. */
export class AllocationLimitError extends Error {}

const constructors = ['ArrayBuffer', 'Uint8Array', 'Uint8ClampedArray', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array'] as const;

const state = { maxBytes: Infinity, largest: 0 };

function bytesOf(name: string, args: unknown[]): number {
  const [first] = args;
  if (typeof first !== 'number') {
    // From an array-like: its length in elements.
    const length = (first as { length?: unknown } | null)?.length;
    return typeof length === 'number' ? length * ((globalThis as unknown as Record<string, { BYTES_PER_ELEMENT?: number }>)[name].BYTES_PER_ELEMENT ?? 1) : 0;
  }
  const perElement = name === 'ArrayBuffer' ? 1 : ((globalThis as unknown as Record<string, { BYTES_PER_ELEMENT: number }>)[name].BYTES_PER_ELEMENT ?? 1);
  return first * perElement;
}

/** Installs the guard once; later calls change the limit. */
export function installAllocationGuard(maxBytes: number): void {
  state.maxBytes = maxBytes;
  const global = globalThis as unknown as Record<string, unknown> & { __allocationGuard?: boolean };
  if (global.__allocationGuard) return;
  global.__allocationGuard = true;
  for (const name of constructors) {
    const original = global[name] as new (...args: unknown[]) => object;
    global[name] = new Proxy(original, {
      construct(target, args, newTarget) {
        const bytes = bytesOf(name, args);
        if (bytes > state.largest) state.largest = bytes;
        if (bytes > state.maxBytes) throw new AllocationLimitError(`new ${name}(${String(args[0])}) asks for ${bytes} bytes, above the fuzz limit of ${state.maxBytes}`);
        return Reflect.construct(target, args, newTarget === global[name] ? target : newTarget);
      },
    });
  }
}

/** The largest allocation seen since the last reset, in bytes. */
export function largestAllocation(reset = false): number {
  const largest = state.largest;
  if (reset) state.largest = 0;
  return largest;
}
