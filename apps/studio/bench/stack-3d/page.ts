import { layoutStacks } from '@convstudio/ui';
import { FeatureStack3D, type SelectedPixel, type StackLayer } from '@convstudio/ui';
import { createElement as h, useCallback, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { StackBenchApi } from './bench-api.js';
import { BenchDriver } from './BenchDriver.js';
import { benchLayers, benchPipeline, CHANNELS } from './fixtures.js';

declare global {
  interface Window {
    __stackBench: StackBenchApi;
  }
}

const notReady = () => {
  throw new Error('stack bench: the canvas has not rendered yet');
};
const api: StackBenchApi = {
  ready: false,
  rendererInfo: notReady,
  checkPixels: notReady,
  checkOcclusion: notReady,
  orbit: notReady,
  updates: notReady,
  inputPixelOnScreen: notReady,
  selections: [],
  opened: [],
};
window.__stackBench = api;

const pipeline = benchPipeline();

function BenchPage() {
  const [layers, setLayers] = useState(() => benchLayers(0));
  const layout = useMemo(() => layoutStacks(layers.map((l) => ({ id: l.id, label: l.label, shape: l.tensor.shape }))), [layers]);
  const [selected, setSelected] = useState<SelectedPixel | null>({ nodeId: 'conv4', channel: CHANNELS / 2, y: 32, x: 32 });
  // New tensors, same shapes: what a new forward pass hands the component.
  const swapData = useCallback((next: StackLayer[]) => setLayers(next), []);
  const onSelectPixel = useCallback((pixel: SelectedPixel) => {
    api.selections.push(pixel);
    setSelected(pixel);
  }, []);
  const onOpenMap = useCallback((nodeId: string, channel: number) => api.opened.push({ nodeId, channel }), []);
  return h(
    FeatureStack3D,
    { layers, pipeline, selectedPixel: selected, onSelectPixel, onOpenMap, style: { width: '100%', height: '100%' } },
    h(BenchDriver, { api, center: layout.center, radius: layout.radius, input: layout.stacks[0], makeLayers: benchLayers, swapData }),
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(h(BenchPage));
