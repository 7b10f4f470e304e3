import { isAbsolute, resolve } from 'node:path';
import { PROJECT_EXTENSION } from './project-file.js';

/**
 * The project file named on a command line (`convstudio net.convstudio.json`), resolved against
 * the directory the command ran in; switches and Electron's own arguments are skipped.
 *
 * @example
 * projectFromArgv(['/opt/ConvStudio/convstudio', '--no-sandbox', 'net.convstudio.json'], '/home/ada'); // '/home/ada/net.convstudio.json'
 */
export function projectFromArgv(argv: readonly string[], cwd: string): string | undefined {
  const candidate = argv.slice(1).find((arg) => !arg.startsWith('-') && arg.toLowerCase().endsWith(PROJECT_EXTENSION));
  if (!candidate) return undefined;
  return isAbsolute(candidate) ? candidate : resolve(cwd, candidate);
}
