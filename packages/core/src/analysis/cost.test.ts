import { describe, expect, it } from 'vitest';
import { chain, node, pipelineOf } from '../nn/templates/chain.js';
import { alexNet, leNet5, smallFcn, tinyVgg } from '../nn/templates/index.js';
import type { Pipeline, PipelineNode } from '../nn/pipeline-types.js';
import { type CostTable, costTable } from './cost.js';

function tableOf(pipeline: Pipeline): CostTable {
  const result = costTable(pipeline);
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
  return result.table;
}

const rowOf = (table: CostTable, id: string) => {
  const row = table.rows.find((r) => r.id === id);
  if (!row) throw new Error(`no row ${id}`);
  return row;
};

const tiny = (input: [number, number, number], layers: PipelineNode[]) =>
  pipelineOf({ name: 't', description: 't', seed: 1 }, [chain([node('input', 'input', { channels: input[0], height: input[1], width: input[2] }), ...layers])]);

describe('costTable', () => {
  const alex = tableOf(alexNet());

  it("counts AlexNet's parameters as torchvision does, layer by layer", () => {
    const params = Object.fromEntries(alex.rows.filter((r) => r.params > 0).map((r) => [r.id, r.params]));
    expect(params).toEqual({
      conv1: 23_296, // 64*3*11*11 + 64
      conv2: 307_392, // 192*64*5*5 + 192
      conv3: 663_936, // 384*192*3*3 + 384
      conv4: 884_992, // 256*384*3*3 + 256
      conv5: 590_080, // 256*256*3*3 + 256
      fc1: 37_752_832, // 4096*9216 + 4096
      fc2: 16_781_312, // 4096*4096 + 4096
      fc3: 4_097_000, // 1000*4096 + 1000
    });
    expect(alex.totals.params).toBe(61_100_840);
    expect(alex.totals.weightParams + alex.totals.biasParams).toBe(61_100_840);
  });

  it("counts AlexNet's multiply-accumulates exactly: 714,188,480 (the known 0.71 GMACs)", () => {
    // conv1 64*55*55 * 3*11*11    =  70,276,800
    // conv2 192*27*27 * 64*5*5    = 223,948,800
    // conv3 384*13*13 * 192*3*3   = 112,140,288
    // conv4 256*13*13 * 384*3*3   = 149,520,384
    // conv5 256*13*13 * 256*3*3   =  99,680,256
    // fc1 9216*4096 = 37,748,736; fc2 4096*4096 = 16,777,216; fc3 4096*1000 = 4,096,000
    // convolutions 655,566,528 + dense 58,621,952 = 714,188,480
    expect(rowOf(alex, 'conv1').macs).toBe(70_276_800);
    expect(rowOf(alex, 'conv2').macs).toBe(223_948_800);
    expect(rowOf(alex, 'fc1').macs).toBe(37_748_736);
    expect(alex.totals.macs).toBe(714_188_480);
  });

  it("puts the document's estimate beside AlexNet conv1's exact count: 56 windows per side against 55", () => {
    // 11*11 * (224*224)/(4*4) * 3 * 64 = 121 * 3,136 * 192 = 72,855,552
    const estimate = rowOf(alex, 'conv1').documentEstimate;
    expect(estimate?.macs).toBe(72_855_552);
    expect(estimate?.formula).toBe('11*11 * (224*224)/(4*4) * 3 * 64 = 72,855,552');
    expect(estimate?.explanation).toContain('224/4 = 56');
    expect(estimate?.explanation).toContain('floor((224 + 2 + 2 - 11) / 4) + 1 = 55');
    expect(estimate?.explanation).toContain('3.7% above');
    // Stride 1 with padding that keeps the size: the formula is exact.
    expect(rowOf(alex, 'conv3').documentEstimate?.macs).toBe(rowOf(alex, 'conv3').macs);
    expect(rowOf(alex, 'conv3').documentEstimate?.explanation).toContain('agree');
    expect(rowOf(alex, 'fc1').documentEstimate).toBeUndefined();
  });

  it('counts FLOPs as 2*MACs plus bias adds and elementwise ops, and 4 bytes per output element', () => {
    // conv1: 2 * 70,276,800 + 64*55*55 bias adds = 140,553,600 + 193,600
    expect(rowOf(alex, 'conv1').flops).toBe(140_747_200);
    expect(rowOf(alex, 'relu1').flops).toBe(193_600);
    // pool1: 64*27*27 outputs * 3*3 comparisons
    expect(rowOf(alex, 'pool1').flops).toBe(419_904);
    expect(rowOf(alex, 'pool1').macs).toBe(0);
    expect(rowOf(alex, 'input').activationBytes).toBe(3 * 224 * 224 * 4);
    expect(alex.totals.flops).toBe(alex.rows.reduce((s, r) => s + r.flops, 0));
  });

  it('counts LeNet-5 and Tiny VGG parameters', () => {
    // 156 + 2,416 + 48,120 + 10,164 + 850
    expect(tableOf(leNet5()).totals.params).toBe(61_706);
    // conv1 10*3*9 + 10 = 280; conv2..conv4 10*10*9 + 10 = 910 each; fc 1690*10 + 10 = 16,910
    // 280 + 910 + 910 + 910 + 16,910 = 19,920
    expect(tableOf(tinyVgg()).totals.params).toBe(19_920);
  });

  it('counts a transposed convolution by its input (each input pixel scatters a kernel) and an up-convolution on the zero-inserted grid', () => {
    const table = tableOf(smallFcn());
    // up1: 16x7x7 input, 16 outputs, 2x2 kernel: 16*7*7 * 16*2*2
    expect(rowOf(table, 'up1').macs).toBe(16 * 7 * 7 * 16 * 2 * 2);
    // up2: 8x28x28 output of a 4x4 convolution over 16 channels of the 27x27 zero-inserted grid
    expect(rowOf(table, 'up2').macs).toBe(8 * 28 * 28 * 16 * 4 * 4);
    // skip2 adds two maps of 8x28x28; skip1 only copies
    expect(rowOf(table, 'skip2').flops).toBe(8 * 28 * 28);
    expect(rowOf(table, 'skip1').flops).toBe(0);
  });

  it('counts a grouped convolution by Cin/groups and says the formula ignores groups', () => {
    const table = tableOf(tiny([4, 8, 8], [node('conv', 'conv2d', { outChannels: 6, kernelSize: 3, groups: 2, padding: 1 })]));
    const conv = rowOf(table, 'conv');
    expect(conv.weightParams).toBe(6 * 2 * 3 * 3);
    expect(conv.macs).toBe(6 * 8 * 8 * 2 * 3 * 3);
    expect(conv.documentEstimate?.macs).toBe(3 * 3 * 64 * 4 * 6);
    expect(conv.documentEstimate?.explanation).toContain('ignores groups');
  });

  it('explains non-square strides axis by axis', () => {
    const table = tableOf(tiny([1, 10, 9], [node('conv', 'conv2d', { outChannels: 1, kernelSize: [3, 2], stride: [2, 3], bias: false })]));
    const conv = rowOf(table, 'conv');
    // rows floor((10 - 3) / 2) + 1 = 4, columns floor((9 - 2) / 3) + 1 = 3
    expect(conv.output).toEqual([1, 4, 3]);
    expect(conv.macs).toBe(4 * 3 * 3 * 2);
    expect(conv.biasParams).toBe(0);
    expect(conv.flops).toBe(2 * conv.macs);
    expect(conv.documentEstimate?.explanation).toContain('10/2 = 5 rows and 9/3 = 3 columns');
  });

  it('returns the issues when shapes cannot be inferred', () => {
    const result = costTable(tiny([1, 4, 4], [node('conv', 'conv2d', { outChannels: 1, kernelSize: 5 })]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatchObject({ nodeId: 'conv' });
  });
});
