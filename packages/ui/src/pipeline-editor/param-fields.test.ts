import { layerParamSchemas, node, nodeKinds, type PipelineNode } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { defaultParams, paramFields } from './param-fields.js';
import { formatFieldValue, issueMatchesField, parseFieldText, setParam } from './param-validation.js';

const field = (kind: Parameters<typeof paramFields>[0], name: string) => paramFields(kind).find((f) => f.name === name)!;

describe('paramFields', () => {
  it('covers exactly the fields of every core schema, with required-ness read from it', () => {
    for (const kind of nodeKinds) {
      const shape = (layerParamSchemas[kind] as unknown as { shape: Record<string, unknown> }).shape;
      expect(paramFields(kind).map((f) => f.name).sort(), kind).toEqual(Object.keys(shape).sort());
    }
    expect(field('conv2d', 'outChannels').required).toBe(true);
    expect(field('conv2d', 'kernelSize').required).toBe(true);
    expect(field('conv2d', 'stride').required).toBe(false);
    expect(field('conv2d', 'padding')).toMatchObject({ type: 'padding', options: ['valid', 'same'] });
    expect(field('normalize', 'scope')).toMatchObject({ type: 'enum', options: ['tensor', 'sample', 'map'] });
    expect(field('linear', 'bias').type).toBe('boolean');
    for (const kind of nodeKinds) for (const f of paramFields(kind)) expect(f.help.length, `${kind}.${f.name}`).toBeGreaterThan(10);
  });

  it('gives every kind default params the core accepts', () => {
    for (const kind of nodeKinds) {
      const result = setParam({ id: 'n', kind, params: defaultParams(kind) } as PipelineNode, '__none__', undefined);
      expect(result.ok, kind).toBe(true);
    }
  });
});

describe('parseFieldText', () => {
  it('reads numbers, pairs, paddings and booleans; passes junk on for the core to reject', () => {
    expect(parseFieldText(field('conv2d', 'outChannels'), ' 16 ')).toBe(16);
    expect(parseFieldText(field('conv2d', 'outChannels'), '')).toBeUndefined();
    expect(parseFieldText(field('conv2d', 'outChannels'), 'abc')).toBe('abc');
    expect(parseFieldText(field('conv2d', 'kernelSize'), '3')).toBe(3);
    expect(parseFieldText(field('conv2d', 'kernelSize'), '3, 5')).toEqual([3, 5]);
    expect(parseFieldText(field('conv2d', 'kernelSize'), '3x5')).toEqual([3, 5]);
    expect(parseFieldText(field('conv2d', 'kernelSize'), '[3,5]')).toEqual([3, 5]);
    expect(parseFieldText(field('conv2d', 'padding'), 'Same')).toBe('same');
    expect(parseFieldText(field('conv2d', 'padding'), 'valid')).toBe('valid');
    expect(parseFieldText(field('conv2d', 'padding'), '1 1 2 2')).toEqual([1, 1, 2, 2]);
    expect(parseFieldText(field('leakyRelu', 'negativeSlope'), '-0.2')).toBe(-0.2);
    expect(parseFieldText(field('linear', 'bias'), 'false')).toBe(false);
    expect(formatFieldValue([3, 5])).toBe('3, 5');
    expect(formatFieldValue(undefined)).toBe('');
    expect(formatFieldValue('same')).toBe('same');
  });
});

describe('setParam', () => {
  const conv = node('conv1', 'conv2d', { outChannels: 4, kernelSize: 3 });

  it('returns the node with the new value, or removes a left-out optional field', () => {
    const r = setParam(conv, 'stride', [2, 1]);
    expect(r).toEqual({ ok: true, node: { ...conv, params: { outChannels: 4, kernelSize: 3, stride: [2, 1] } } });
    const back = setParam(r.ok ? r.node : conv, 'stride', undefined);
    expect(back.ok && back.node.params).toEqual({ outChannels: 4, kernelSize: 3 });
    expect(conv.params).toEqual({ outChannels: 4, kernelSize: 3 });
  });

  it("rejects bad values with the core's own words", () => {
    const zero = setParam(conv, 'outChannels', 0);
    expect(zero.ok).toBe(false);
    if (zero.ok) return;
    expect(zero.issues).toHaveLength(1);
    expect(zero.issues[0]).toMatchObject({ nodeId: 'conv1', field: 'params.outChannels', detail: 'Too small: expected number to be >0, got 0' });
    expect(zero.issues[0].message).toBe('node "conv1" (conv2d): params.outChannels: Too small: expected number to be >0, got 0');
    const half = setParam(conv, 'outChannels', 2.5);
    expect(!half.ok && half.issues[0].detail).toBe('expected int, received number, got 2.5');
    const pad = setParam(conv, 'padding', 'foo');
    expect(!pad.ok && pad.issues[0].detail).toBe("Invalid input, got 'foo'");
    const missing = setParam(conv, 'kernelSize', undefined);
    expect(!missing.ok && missing.issues[0].field).toBe('params.kernelSize');
    const pair = setParam(conv, 'kernelSize', [3, 0]);
    expect(!pair.ok && issueMatchesField(pair.issues[0], 'kernelSize')).toBe(true);
    expect(!pair.ok && issueMatchesField(pair.issues[0], 'kernel')).toBe(false);
  });
});
