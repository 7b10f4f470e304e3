import { createStore, del, get, keys, set, type UseStore } from 'idb-keyval';

/**
 * The little storage the web host needs (recent projects, recovery points): string keys,
 * structured-clone values. IndexedDB in the page; a Map in unit tests. Every method may reject
 * (storage full, private mode, a value the browser cannot read back); callers say so.
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

let shared: UseStore | undefined;

/**
 * The web host's IndexedDB store (database `convstudio-web`, object store `kv`), opened on first use.
 *
 * @example
 * await indexedDbStore().set('recent', []);
 */
export function indexedDbStore(): KeyValueStore {
  const store = () => (shared ??= createStore('convstudio-web', 'kv'));
  return {
    get: (key) => get(key, store()),
    set: (key, value) => set(key, value, store()),
    del: (key) => del(key, store()),
    keys: async () => (await keys(store())).map(String),
  };
}

/**
 * A store in memory, for tests; `failing` keys reject on read, as a value IndexedDB cannot
 * deserialize does.
 *
 * @example
 * const store = memoryStore({ failing: ['recovery:broken'] });
 */
export function memoryStore(options: { failing?: readonly string[] } = {}): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  const failing = new Set(options.failing ?? []);
  return {
    data,
    get: async <T>(key: string) => {
      if (failing.has(key)) throw new Error(`cannot read ${key}`);
      return structuredClone(data.get(key)) as T | undefined;
    },
    set: async (key, value) => void data.set(key, structuredClone(value)),
    del: async (key) => void data.delete(key),
    keys: async () => [...data.keys(), ...[...failing].filter((k) => !data.has(k))],
  };
}
