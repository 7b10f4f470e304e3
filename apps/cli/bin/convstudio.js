#!/usr/bin/env node
// The `convstudio` command. In a monorepo checkout (src/ is there) it runs src/main.ts through
// tsx in a child process, with the `@convstudio/source` condition so @convstudio/core is read
// from its sources too: what runs is always what is checked out, even after `nx typecheck` has
// left a dist/ behind. A published package (no src/) runs the built dist/main.js in this process.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const args = process.argv.slice(2);
const source = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const built = new URL('../dist/main.js', import.meta.url);

function resolveTsx() {
  try {
    // Resolved from this file, not from the working directory, so it works from any folder.
    return import.meta.resolve('tsx');
  } catch {
    return undefined;
  }
}

const tsx = existsSync(source) ? resolveTsx() : undefined;

if (tsx) {
  const child = spawn(process.execPath, ['--conditions=@convstudio/source', '--import', tsx, source, ...args], { stdio: 'inherit' });
  // Ctrl-C reaches the whole process group; the child stops cleanly (train saves a checkpoint),
  // so this process must outlive it to pass its exit code on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('error', (error) => {
    process.stderr.write(`convstudio: cannot start ${process.execPath}: ${error.message}\n`);
    process.exit(70);
  });
  child.on('exit', (code, signal) => {
    // Killed by a signal: report it the shell's way, 128 + its number (SIGINT gives 130).
    const signals = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
    process.exit(code ?? 128 + (signals[signal] ?? 1));
  });
} else if (existsSync(fileURLToPath(built))) {
  const { runCli } = await import(built.href);
  await runCli(args);
} else {
  process.stderr.write('convstudio: found neither dist/main.js (run `nx build cli`) nor tsx to run src/main.ts (run `npm install`)\n');
  process.exit(70);
}
