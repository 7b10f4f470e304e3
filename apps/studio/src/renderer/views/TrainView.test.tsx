// @vitest-environment happy-dom
import { createModel, diagnose, mnistCnn, rand, type EpochMetrics } from '@convstudio/core';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import type { TrainingState } from '../train/useTraining.js';
import type { WebGpuAvailability } from '../train/useWebGpuAvailability.js';
import { probeWebGpu } from '../train/useWebGpuAvailability.js';
import { TrainView } from './TrainView.js';

afterEach(cleanup);

const pipeline = mnistCnn();
const noGpu: WebGpuAvailability = { status: 'unavailable', reason: 'WebGPU found no adapter (the GPU may be blocklisted or its driver missing)' };
const swiftShader: WebGpuAvailability = { status: 'available', adapter: 'SwiftShader Device (Subzero)' };
const epoch1: EpochMetrics = { epoch: 1, trainLoss: 1.84, trainAccuracy: 0.44, validationLoss: 1.24, validationAccuracy: 0.71, durationMs: 3100 };
const dots = (container: HTMLElement, chart: number, series: string) =>
  [...container.querySelectorAll('[data-testid=train-charts] figure')[chart].querySelectorAll<SVGElement>(`circle.cs-chart-point[data-series="${series}"]`)].map((c) => Number(c.dataset.value));

it('before any run says what Train will show, with the settings and no Stop button', () => {
  render(<TrainView pipeline={pipeline} training={{ status: 'idle', history: [] }} gpu={noGpu} onStart={() => {}} onCancel={() => {}} />);
  expect(screen.getByText(/to see loss and accuracy for every epoch/)).toBeTruthy();
  expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
  expect(screen.getByRole('heading', { name: 'Train MNIST CNN on MNIST' })).toBeTruthy();
});

it('starts with the settings typed, and shows progress with the time left and a Stop that cancels', () => {
  const onStart = vi.fn();
  const onCancel = vi.fn();
  const { rerender } = render(<TrainView pipeline={pipeline} training={{ status: 'idle', history: [] }} gpu={noGpu} onStart={onStart} onCancel={onCancel} />);
  fireEvent.change(screen.getByLabelText('Epochs'), { target: { value: '1' } });
  fireEvent.change(screen.getByLabelText('Samples'), { target: { value: '0' } }); // below 100: ignored, the last valid value stays
  fireEvent.click(screen.getByRole('button', { name: 'Train' }));
  expect(onStart).toHaveBeenCalledWith({ task: 'digits', samples: 4000, epochs: 1, batchSize: 32, optimizer: 'adam', learningRate: 1.5e-3 }, 'cpu');

  const training: TrainingState = { status: 'training', history: [], progress: { epoch: 1, epochs: 2, batch: 5, batches: 10, loss: 1.2346, elapsedMs: 2000, etaMs: 6000 } };
  rerender(<TrainView pipeline={pipeline} training={training} gpu={noGpu} onStart={onStart} onCancel={onCancel} />);
  expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
  expect(screen.getByTestId('train-status').querySelector('p')?.textContent).toBe('Epoch 1 of 2 · batch 5 of 10 · loss 1.235 · about 6.0 s left');
  expect((screen.getByRole('button', { name: 'Training…' }) as HTMLButtonElement).disabled).toBe(true);
  fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
  expect(onCancel).toHaveBeenCalledOnce();
});

it('after one epoch draws one dot per series in both charts, and the saturation report of the diagnosis', () => {
  const diagnosis = diagnose(createModel(pipeline), rand([4, 1, 28, 28], { seed: 5 }), { history: [epoch1] });
  const training: TrainingState = { status: 'done', history: [epoch1], diagnosis, diagnosisText: 'text' };
  const { container } = render(<TrainView pipeline={pipeline} training={training} gpu={noGpu} onStart={() => {}} onCancel={() => {}} />);
  expect(dots(container, 0, 'train')).toEqual([1.84]);
  expect(dots(container, 0, 'validation')).toEqual([1.24]);
  expect(dots(container, 1, 'train')).toEqual([0.44]);
  expect(dots(container, 1, 'validation')).toEqual([0.71]);
  expect(screen.getByTestId('train-status').textContent).toBe('Done in 3.1 s: validation accuracy 71.0%. The trained weights are in the pipeline.');
  // The report lists every measured layer, with the pipeline's layer names.
  const rows = [...container.querySelectorAll<HTMLElement>('[data-testid=train-diagnosis] tbody[data-node]')];
  expect(rows.map((r) => r.dataset.node)).toEqual(pipeline.nodes.filter((n) => ['conv2d', 'relu', 'linear'].includes(n.kind)).map((n) => n.id));
  expect(container.querySelector('[data-testid=train-diagnosis] pre')).toBeNull();
  expect(screen.getByRole('button', { name: 'Copy as text' })).toBeTruthy();
});

it('says how many epochs a stopped run kept, and a failure in words', () => {
  const { rerender } = render(<TrainView pipeline={pipeline} training={{ status: 'cancelled', history: [epoch1] }} gpu={noGpu} onStart={() => {}} onCancel={() => {}} />);
  expect(screen.getByTestId('train-status').textContent).toBe('Stopped after 1 epoch: the weights learned so far are in the pipeline.');
  rerender(<TrainView pipeline={pipeline} training={{ status: 'failed', history: [], failure: { message: 'expected 1 channel, got 3', issues: [] } }} gpu={noGpu} onStart={() => {}} onCancel={() => {}} />);
  expect(screen.getByRole('alert').textContent).toBe('Training could not start: expected 1 channel, got 3');
});

it('offers WebGPU only with an adapter: disabled with the reason without one, passed to onStart when chosen', () => {
  const onStart = vi.fn();
  const { rerender } = render(<TrainView pipeline={pipeline} training={{ status: 'idle', history: [] }} gpu={noGpu} onStart={onStart} onCancel={() => {}} />);
  const choice = () => screen.getByLabelText('Train on') as HTMLSelectElement;
  const webgpu = () => choice().querySelector<HTMLOptionElement>('option[value=webgpu]');
  expect(webgpu()?.disabled).toBe(true);
  expect(webgpu()?.textContent).toBe('WebGPU (unavailable)');
  expect(screen.getByTestId('train-gpu-unavailable').textContent).toBe('WebGPU is unavailable: WebGPU found no adapter (the GPU may be blocklisted or its driver missing).');
  expect(choice().closest('label')?.title).toBe('WebGPU is unavailable: WebGPU found no adapter (the GPU may be blocklisted or its driver missing)');

  rerender(<TrainView pipeline={pipeline} training={{ status: 'idle', history: [] }} gpu={swiftShader} onStart={onStart} onCancel={() => {}} />);
  expect(webgpu()?.disabled).toBe(false);
  expect(screen.queryByTestId('train-gpu-unavailable')).toBeNull();
  fireEvent.change(choice(), { target: { value: 'webgpu' } });
  fireEvent.click(screen.getByRole('button', { name: 'Train' }));
  expect(onStart).toHaveBeenLastCalledWith(expect.objectContaining({ task: 'digits' }), 'webgpu');

  // The adapter went away (a lost device, a new page state): the run goes to the CPU, as the form now shows.
  rerender(<TrainView pipeline={pipeline} training={{ status: 'idle', history: [] }} gpu={noGpu} onStart={onStart} onCancel={() => {}} />);
  expect(choice().value).toBe('cpu');
  fireEvent.click(screen.getByRole('button', { name: 'Train' }));
  expect(onStart).toHaveBeenLastCalledWith(expect.objectContaining({ task: 'digits' }), 'cpu');
});

it('says which backend trained, while training and when done', () => {
  const on = { backend: 'webgpu' as const, adapter: 'SwiftShader Device (Subzero)' };
  const progress = { epoch: 1, epochs: 1, batch: 2, batches: 4, loss: 2.1, elapsedMs: 1000, etaMs: 2000 };
  const { rerender } = render(<TrainView pipeline={pipeline} training={{ status: 'training', history: [], progress, on }} gpu={swiftShader} onStart={() => {}} onCancel={() => {}} />);
  expect(screen.getByTestId('train-status').querySelector('p')?.textContent).toBe('Epoch 1 of 1 · batch 2 of 4 · loss 2.100 · about 2.0 s left · on WebGPU (SwiftShader Device (Subzero))');
  rerender(<TrainView pipeline={pipeline} training={{ status: 'done', history: [epoch1], on: { backend: 'cpu' } }} gpu={swiftShader} onStart={() => {}} onCancel={() => {}} />);
  expect(screen.getByTestId('train-status').textContent).toBe('Done in 3.1 s on the CPU: validation accuracy 71.0%. The trained weights are in the pipeline.');
});

it('finds no WebGPU where the page has no navigator.gpu, and says so', async () => {
  expect(await probeWebGpu(undefined)).toEqual({ status: 'unavailable', reason: 'this browser has no WebGPU (no navigator.gpu; it needs a recent Chromium and a page on https or localhost)' });
});
