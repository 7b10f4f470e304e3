// @vitest-environment happy-dom
import { createModel, diagnose, mnistCnn, rand } from '@convstudio/core';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { SaturationReport } from './SaturationReport.js';
import { normalisedSpectrum, powerLabel, SPECTRUM_FLOOR, spectrumFloor } from './SaturationPlots.js';

afterEach(cleanup);

const pipeline = mnistCnn();
const diagnosis = diagnose(createModel(pipeline), rand([4, 1, 28, 28], { seed: 3 }), {
  history: [{ epoch: 1, trainLoss: 1.2, trainAccuracy: 0.6, validationLoss: 1, validationAccuracy: 0.7, durationMs: 10 }],
});

it('shows one table row per measured layer with the diagnosis values and a verdict', () => {
  const { container } = render(<SaturationReport diagnosis={diagnosis} layers={pipeline.nodes} />);
  const rows = [...container.querySelectorAll<HTMLElement>('tbody[data-node]')];
  expect(rows).toHaveLength(diagnosis.deadUnits.length + diagnosis.spectra.length);
  for (const d of diagnosis.deadUnits) {
    const cell = container.querySelector<HTMLElement>(`tbody[data-node="${d.nodeId}"] td[data-column="dead"]`);
    expect(Number(cell?.dataset.value)).toBe(d.fraction);
    expect(cell?.textContent).toMatch(/%$/);
  }
  for (const s of diagnosis.spectra) {
    const row = container.querySelector(`tbody[data-node="${s.nodeId}"]`);
    expect(row?.querySelector('td[data-column="dead"]')?.textContent).toBe('—');
    expect(row?.querySelector('td[data-column="rank"]')?.textContent).toBe(`${s.report?.rank} of ${s.report?.singularValues.length}`);
    expect(Number(row?.querySelector<HTMLElement>('td[data-column="gain"]')?.dataset.value)).toBe(s.report?.max);
  }
  for (const row of rows) expect(row.querySelector('.cs-verdict')?.textContent?.length).toBeGreaterThan(10);
  expect(screen.getByText(/on 4 held-out digits/, { selector: 'caption' })).toBeTruthy();
  // One epoch is too short to judge a plateau, and the report says so in words.
  expect(container.querySelector('.cs-saturation-trends')?.textContent).toContain('Training loss: too few epochs');
});

it('plots the dead share of every ReLU layer and the spectrum of every weight', () => {
  const { container } = render(<SaturationReport diagnosis={diagnosis} layers={pipeline.nodes} plotWidth={300} />);
  expect(screen.getByRole('figure', { name: 'Dead ReLU units' })).toBeTruthy();
  expect(container.querySelectorAll('.cs-dead-bar .recharts-bar-rectangle')).toHaveLength(diagnosis.deadUnits.length);
  expect(screen.getByRole('figure', { name: 'Singular-value spectrum' })).toBeTruthy();
  expect(container.querySelectorAll('.cs-spectrum-line .recharts-line-curve')).toHaveLength(diagnosis.spectra.length);
  expect([...container.querySelectorAll('[aria-label="Spectrum legend"] li')].map((li) => li.textContent)).toEqual(diagnosis.spectra.map((s) => s.nodeId));
});

it('normalises a spectrum to its largest value with a floor for the log axis, and labels powers of ten', () => {
  expect(normalisedSpectrum(Float64Array.of(4, 2, 0))).toEqual([{ at: 0, ratio: 1 }, { at: 0.5, ratio: 0.5 }, { at: 1, ratio: SPECTRUM_FLOOR }]);
  expect(normalisedSpectrum(Float64Array.of(0))).toEqual([{ at: 0, ratio: SPECTRUM_FLOOR }]);
  // The log axis reaches a decade under the smallest ratio and the cut-off, never under the floor.
  expect(spectrumFloor([1, 0.3, 0.02], 1e-3)).toBe(1e-4);
  expect(spectrumFloor([1, 2e-4], 1e-3)).toBe(1e-5);
  expect(spectrumFloor([1, 1e-9], 1e-3)).toBe(SPECTRUM_FLOOR);
  expect([1, 0.1, 0.01, 1e-3, 1e-5].map(powerLabel)).toEqual(['1', '0.1', '0.01', '10⁻³', '10⁻⁵']);
});
