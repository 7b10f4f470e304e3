// A child process for the kill test (save-kill.test.ts): saves generation after generation of
// a project to one path, printing each generation and the save's milliseconds once the save has
// returned, until killed.
// argv: <project path> <first generation>
import { FileAccess } from '../file-access.js';
import { writeProjectFile } from '../project-file.js';
import { generation } from './save-generations.js';

async function main() {
  const [path, first] = process.argv.slice(2);
  const access = new FileAccess(path);
  access.grant(path, 'dialog');
  process.stdout.write('ready\n');
  for (let k = Number(first); ; k++) {
    const { project, inlineLimit } = generation(k);
    const start = performance.now();
    await writeProjectFile(access, path, project, inlineLimit);
    process.stdout.write(`${k} ${Math.ceil(performance.now() - start)}\n`);
  }
}

void main();
