/**
 * PyTorch as a peer of the MNIST training benchmark: runs `torch-train.py` (beside this file)
 * through Debian's `/usr/bin/python3` on the benchmark's own data, written to a temporary folder
 * as raw float32 images and int32 labels. Where python3 or torch is missing, the run is an `n/a`
 * row with the reason.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { MnistData, TrainRun, TrainSettings } from '../train/types.ts';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'torch-train.py');

/** torch's version, or why it cannot run here. */
export function torchAvailable(): { version: string } | { reason: string } {
  const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 });
  if (probe.error) return { reason: `${PYTHON} cannot run (${probe.error.message})` };
  if (probe.status !== 0) return { reason: `torch does not import in ${PYTHON}: ${probe.stderr.trim().split('\n').at(-1)}` };
  return { version: probe.stdout.trim() };
}

function writeData(data: MnistData): string {
  const folder = mkdtempSync(join(tmpdir(), 'convstudio-torch-'));
  for (const [name, part] of Object.entries(data)) {
    writeFileSync(join(folder, `${name}-images.f32`), part.images.data);
    writeFileSync(join(folder, `${name}-labels.i32`), part.labels);
  }
  return folder;
}

/** Trains the PyTorch twin with `threads` intra-op threads; one row of the report. */
export async function trainTorch(data: MnistData, settings: TrainSettings, epochs: number, threads: number, log: (line: string) => void): Promise<TrainRun & { parameters?: number }> {
  const name = `PyTorch (eager, ${threads} thread${threads === 1 ? '' : 's'})`;
  const available = torchAvailable();
  if ('reason' in available) return { name, na: `n/a: ${available.reason}`, epochMs: [], testAccuracy: [], trainLoss: [] };
  const folder = writeData(data);
  const run: TrainRun & { parameters?: number } = { name: `PyTorch ${available.version} (eager, ${threads} thread${threads === 1 ? '' : 's'})`, epochMs: [], testAccuracy: [], trainLoss: [] };
  try {
    const args = [SCRIPT, '--data', folder, '--epochs', String(epochs), '--threads', String(threads), '--batch', String(settings.batchSize), '--lr', String(settings.learningRate)];
    const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let pending = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        const record = JSON.parse(line) as { parameters?: number; epoch?: number; ms: number; trainLoss: number; testAccuracy: number };
        if (record.parameters !== undefined) run.parameters = record.parameters;
        if (record.epoch === undefined) continue;
        run.epochMs.push(record.ms);
        run.trainLoss.push(record.trainLoss);
        run.testAccuracy.push(record.testAccuracy);
        log(`  epoch ${record.epoch}: ${(record.ms / 1000).toFixed(2)} s, train loss ${record.trainLoss.toFixed(4)}, test accuracy ${(record.testAccuracy * 100).toFixed(2)}%`);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) return { name: run.name, na: `n/a: ${PYTHON} ${SCRIPT} exited with ${code}: ${stderr.trim().split('\n').at(-1)}`, epochMs: [], testAccuracy: [], trainLoss: [] };
    return run;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
