import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore } from '@convstudio/lab-store';
import { afterAll, describe, expect, it } from 'vitest';
import { labEpoch, strideSweep } from '../renderer/lab/lab-store.fixture.js';
import { openLabStore, LAB_STORE_FILE } from './lab-store-file.js';
import { labBridge } from './testing/lab-bridge.js';

const folders: string[] = [];
afterAll(() => folders.splice(0).forEach((f) => rmSync(f, { recursive: true, force: true })));
const userData = () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-lab-'));
  folders.push(dir);
  return dir;
};

/** A bridge on a fresh `<userData>/lab-runs.sqlite`, opened as the app opens it. */
function setup(dir = userData()) {
  return { dir, ...labBridge(join(dir, LAB_STORE_FILE), { openStore: () => openLabStore(dir) }) };
}

async function opened(bridge: ReturnType<typeof setup>['bridge']) {
  const result = await bridge.labOpenSweep({ spec: strideSweep().spec });
  if (result.status !== 'opened') throw new Error(result.message);
  return { ...result, id: (key: string) => result.runs.find((r) => r.key === key)!.id };
}

describe('the desktop lab’s run database (main process)', () => {
  it('opens a sweep from its spec with one pending run per variant and seed, and the same sweep again later', async () => {
    const { dir, bridge, close } = setup();
    const first = await opened(bridge);
    expect(first.runs.map((r) => r.key)).toEqual(['v0/s0', 'v0/s1', 'v1/s0', 'v1/s1']);
    expect(first.finished).toEqual([]);
    close();
    const again = await opened(setup(dir).bridge);
    expect(again.sweepId).toBe(first.sweepId);
    expect(again.runs).toEqual(first.runs);
    // The CLI's store reads the same file: the runs are there with the studio's version.
    const store = RunStore.open(join(dir, LAB_STORE_FILE));
    expect(store.runs().map((r) => [r.key, r.status, r.config.codeVersion])).toEqual(first.runs.map((r) => [r.key, 'pending', 'studio test']));
    expect(store.sweeps()[0].name).toBe('What does stride cost?');
    store.close();
  });

  it('keeps every epoch, continues a stopped run from its last one, and gives finished runs back with their weights', async () => {
    const { dir, bridge, close } = setup();
    const sweep = await opened(bridge);
    const runId = sweep.id('v0/s0');
    expect(await bridge.labStartRun({ runId })).toEqual({ status: 'started' });
    for (const k of [1, 2]) expect(await bridge.labAddEpoch({ runId, ...labEpoch(k) })).toEqual({ status: 'saved' });
    expect(await bridge.labFinishRun({ runId, outcome: { status: 'cancelled' } })).toEqual({ status: 'saved' });
    close();

    // A new session: the run continues after epoch 2 with that epoch's weights and optimizer state.
    const later = setup(dir);
    await opened(later.bridge);
    const started = await later.bridge.labStartRun({ runId });
    expect(started).toEqual({ status: 'started', resume: { history: [labEpoch(1).metrics, labEpoch(2).metrics], snapshots: [labEpoch(1).snapshot, labEpoch(2).snapshot], weights: labEpoch(2).weights, checkpoint: labEpoch(2).checkpoint } });
    await later.bridge.labAddEpoch({ runId, ...labEpoch(3) });
    const filters = { nodeId: 'conv1', threshold: 0.7, correlation: [[1]], clusters: [{ members: [0], peaks: [] }], images: [] } as never;
    expect(await later.bridge.labFinishRun({ runId, outcome: { status: 'done', test: { loss: 0.25, accuracy: 0.875 }, filters } })).toEqual({ status: 'saved' });
    expect(await later.bridge.labFinishRun({ runId: sweep.id('v1/s1'), outcome: { status: 'failed', error: 'diverged' } })).toEqual({ status: 'saved' });
    later.close();

    const reopened = await opened(setup(dir).bridge);
    expect(reopened.finished).toEqual([
      { key: 'v0/s0', variantId: 'v0', seed: 0, status: 'done', history: [1, 2, 3].map((k) => labEpoch(k).metrics), snapshots: [1, 2, 3].map((k) => labEpoch(k).snapshot), test: { loss: 0.25, accuracy: 0.875 }, weights: labEpoch(3).weights, filters },
    ]);
    // The failed run is recorded, not finished: the next sweep trains it again.
    const store = RunStore.open(join(dir, LAB_STORE_FILE));
    expect(store.run(sweep.id('v1/s1'))).toMatchObject({ status: 'failed', error: 'diverged' });
    store.close();
  });

  it('refuses malformed requests through the contract, naming the field', async () => {
    const { bridge } = setup();
    const runId = (await opened(bridge)).id('v0/s0');
    await expect(bridge.labStartRun({ runId: -1 })).rejects.toThrow(/labStartRun: invalid request: runId: /);
    await expect(bridge.labAddEpoch({ runId, ...labEpoch(1), weights: 'bytes' as never })).rejects.toThrow(/labAddEpoch: invalid request: weights: /);
    await expect(bridge.labAddEpoch({ runId, ...labEpoch(1), snapshot: { epoch: 1 } as never })).rejects.toThrow('labAddEpoch: invalid request: snapshot: expected an indicator snapshot (epoch, probeSize, activations[], layers[])');
    await expect(bridge.labAddEpoch({ runId, ...labEpoch(1), metrics: { ...labEpoch(1).metrics, epoch: 0 } })).rejects.toThrow(/labAddEpoch: invalid request: metrics\.epoch: /);
    await expect(bridge.labFinishRun({ runId, outcome: { status: 'won' } as never })).rejects.toThrow(/labFinishRun: invalid request: outcome\.status: /);
  });

  it('answers a spec core rejects, a run of no opened sweep and an unreadable database with an error the lab shows', async () => {
    const { bridge } = setup();
    const bad = await bridge.labOpenSweep({ spec: { ...(strideSweep().spec as object), seeds: [] } });
    expect(bad).toMatchObject({ status: 'error', message: expect.stringMatching(/^labOpenSweep: spec: seeds: /) });
    expect(await bridge.labStartRun({ runId: 12 })).toEqual({ status: 'error', message: 'labStartRun: no run #12 in a sweep opened by this window' });

    const dir = userData();
    writeFileSync(join(dir, LAB_STORE_FILE), 'this is not a SQLite database, only text long enough to be read as one. '.repeat(20));
    const broken = setup(dir).bridge;
    expect(await broken.labOpenSweep({ spec: strideSweep().spec })).toMatchObject({ status: 'error', message: expect.stringMatching(/^labOpenSweep: .*not a database/) });
  });
});
