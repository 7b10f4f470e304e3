/**
 * What every benchmark report states about where it ran: the machine, Node, package versions.
 */
import { createRequire } from 'node:module';
import os from 'node:os';

const require = createRequire(import.meta.url);

/** The installed version of a package in this bench project. */
export function versionOf(pkg: string): string {
  return (require(`${pkg}/package.json`) as { version: string }).version;
}

/** The machine and Node lines of a report's header (markdown list items). */
export function machineLines(): string[] {
  const cpus = os.cpus();
  return [
    `- Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} logical CPUs (os.availableParallelism() = ${os.availableParallelism()}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.arch()} ${os.release()}`,
    `- Node ${process.version}, V8 ${process.versions.v8}`,
  ];
}

/** One line on the machine's load over a run: on a shared machine, other jobs move the numbers. */
export function loadLine(loadAtStart: number): string {
  return `Load average (1 min) of the machine: ${loadAtStart.toFixed(2)} at the start, ${os.loadavg()[0].toFixed(2)} at the end (${os.availableParallelism()} CPUs; above about 1, something else ran beside the benchmark).`;
}
