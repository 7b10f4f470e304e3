/** Writing a benchmark's markdown report, shared by core's and gpu's benchmarks. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Prints the report and writes it to `$BENCH_OUT`, or `<benchDir>/results/<name>` (git-ignored);
 * returns the path written.
 */
export function writeReport(markdown: string, benchDir: string, name = 'latest.md'): string {
  const outFile = resolve(process.env.BENCH_OUT ?? join(benchDir, 'results', name));
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, markdown);
  console.log(`\n${markdown}\nWritten to ${outFile}`);
  return outFile;
}
