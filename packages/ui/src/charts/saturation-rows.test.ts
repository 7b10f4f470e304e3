import { createModel, diagnose, mnistCnn, rand, spectrumReport, tensor, type DeadUnitFinding } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { deadVerdict, overallVerdict, percent, plateauVerdict, saturationRows, spectrumVerdict, type SaturationRow } from './saturation-rows.js';

const dead = (fraction: number, alwaysZeroChannels: number[] = []): DeadUnitFinding => ({ nodeId: 'relu1', fraction, deadCount: Math.round(fraction * 100), unitCount: 100, alwaysZeroChannels });

describe('saturation verdicts', () => {
  it('writes percentages with one decimal only below 10 %', () => {
    expect([0, 0.0625, 0.5, 0.987, 1].map(percent)).toEqual(['0%', '6.3%', '50%', '99%', '100%']);
  });

  it('calls half or more dead units a problem, a tenth worth a look, and names silent channels', () => {
    expect(deadVerdict(dead(0.6)).level).toBe('bad');
    expect(deadVerdict(dead(0.5)).level).toBe('bad');
    expect(deadVerdict(dead(0.2)).level).toBe('warn');
    expect(deadVerdict(dead(0.05)).level).toBe('ok');
    expect(deadVerdict(dead(0)).text).toBe('Healthy: every unit fires on some digit.');
    expect(deadVerdict(dead(0.25, [2, 5])).text).toBe('25% of its units never fire on these digits. Channels 2, 5 never fire.');
  });

  it('reads ignored and amplified directions from core spectrum reports', () => {
    // Rows 1 and 2 equal: rank 1 of 2 directions. 
    expect(spectrumVerdict(spectrumReport(tensor([[1, 2], [1, 2]])))).toEqual({ level: 'warn', text: 'Uses 1 of 2 input directions; the other 1 are ignored.' });
    expect(spectrumVerdict(spectrumReport(tensor([[20, 0], [0, 1]])))).toEqual({ level: 'warn', text: 'Amplifies 1 direction more than 10×, so gradients may become unstable.' });
    expect(spectrumVerdict(spectrumReport(tensor([[0, 0], [0, 0]]))).level).toBe('bad');
    expect(spectrumVerdict(spectrumReport(tensor([[1, 0], [0, 1]])))).toEqual({ level: 'ok', text: 'Healthy: uses all 2 input directions, none amplified more than 10×.' });
    expect(spectrumVerdict(spectrumReport(tensor([[1, 0], [0, 1]])), 3).text).toBe('3 pairs of filters look alike: the same feature is learned twice.');
  });

  it('says when a history is too short to judge, stalled, or improving', () => {
    expect(plateauVerdict({ plateaued: false, sinceEpoch: null, bestValue: 1, improvement: null, reason: '' }, 'Training loss').level).toBe('info');
    expect(plateauVerdict({ plateaued: true, sinceEpoch: 3, bestValue: 1, improvement: 0.002, reason: '' }, 'Training loss').text).toBe('Training loss: stalled since epoch 4 (0.2% change over the last epochs).');
    expect(plateauVerdict({ plateaued: false, sinceEpoch: null, bestValue: 1, improvement: 0.3, reason: '' }, 'Training loss').level).toBe('ok');
  });
});

describe('saturationRows', () => {
  const pipeline = mnistCnn();
  const diagnosis = diagnose(createModel(pipeline), rand([4, 1, 28, 28], { seed: 3 }));

  it('lists every measured layer of the MNIST CNN in pipeline order with core values', () => {
    const rows = saturationRows(diagnosis, pipeline.nodes);
    const measured = pipeline.nodes.filter((n) => n.kind === 'relu' || n.kind === 'conv2d' || n.kind === 'linear').map((n) => n.id);
    expect(rows.map((r) => r.nodeId)).toEqual(measured);
    for (const d of diagnosis.deadUnits) expect(rows.find((r) => r.nodeId === d.nodeId)?.dead?.fraction).toBe(d.fraction);
    const conv = rows.find((r) => r.spectrum && r.group === 'Convolution');
    expect(conv?.title).toBe('Conv 2D');
    // The first convolution carries the filter-redundancy count.
    expect(conv?.duplicatePairs).toBe(diagnosis.redundancy?.report.pairs.length);
  });

  it('keeps layers that left the pipeline, after the others', () => {
    const rows = saturationRows(diagnosis, pipeline.nodes.filter((n) => n.id !== diagnosis.deadUnits[0].nodeId));
    expect(rows[rows.length - 1].nodeId).toBe(diagnosis.deadUnits[0].nodeId);
    expect(rows[rows.length - 1].title).toBe('ReLU');
  });

  it('sums up flagged layers by name, or says none is', () => {
    const rows = saturationRows(diagnosis, pipeline.nodes);
    const ok: SaturationRow[] = rows.map((r) => ({ ...r, verdict: { level: 'ok', text: '' } }));
    expect(overallVerdict(ok, 64).text).toBe(`No sign of saturation in ${rows.length} layers, measured on 64 held-out digits.`);
    ok[1] = { ...ok[1], verdict: { level: 'bad', text: '' } };
    expect(overallVerdict(ok, 1)).toEqual({ level: 'bad', text: `1 of ${rows.length} layers need a look (${ok[1].nodeId}), measured on 1 held-out digit.` });
  });
});
