import { commitInfo } from '@convstudio/bench-meta';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';

/** One studio build under test: the current checkout ("after") or an older worktree ("before"). */
export interface Tree {
  name: 'before' | 'after';
  root: string;
  commit: string;
  dirty: boolean;
  url: string;
  close: () => Promise<void>;
  outDir: string;
}

/**
 * Builds a tree's web studio with its own `apps/studio/vite.web.config.ts` into a private folder
 * (the e2e suite's dist/web may be in use by someone else's run) and serves it with `vite
 * preview` on 127.0.0.1, which sends the config's cross-origin isolation headers as the e2e
 * server does. Shared by the studio's benchmarks that compare two trees side by side.
 *
 * @example
 * const tree = await buildAndServe('after', repoRoot, { bench: 'open-weights' });
 */
export async function buildAndServe(name: Tree['name'], root: string, options: { bench: string; minify?: boolean }): Promise<Tree> {
  const configFile = join(root, 'apps/studio/vite.web.config.ts');
  const outDir = mkdtempSync(join(tmpdir(), `${options.bench}-${name}-`));
  const started = performance.now();
  await build({ configFile, root: join(root, 'apps/studio/src/renderer'), logLevel: 'warn', build: { outDir, emptyOutDir: true, ...(options.minify === false ? { minify: false } : {}) } });
  console.log(`${name}: built ${root} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const server = await preview({ configFile, root: join(root, 'apps/studio/src/renderer'), build: { outDir }, preview: { port: 0, strictPort: false, host: '127.0.0.1' }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error(`${options.bench}: vite preview of ${name} reported no address`);
  const info = commitInfo(['apps/studio/src', 'packages/core/src', 'packages/ui/src'], root);
  return { name, root, commit: info.commit, dirty: info.dirtyCode.length > 0, url, outDir, close: () => server.close() };
}
