import type { Diagnosis } from '@convstudio/core';
import { useMemo } from 'react';
import { DeadUnitsChart, SpectrumChart } from './SaturationPlots.js';
import { overallVerdict, percent, plateauVerdict, saturationRows, type LayerRef, type SaturationRow, type Verdict } from './saturation-rows.js';

/** Props of {@link SaturationReport}. */
export interface SaturationReportProps {
  /** Core's `diagnose` result (it survives a worker's postMessage as is). */
  diagnosis: Diagnosis;
  /** The pipeline's nodes, for the table's order, layer names and category colours. */
  layers?: readonly LayerRef[];
  /** Width of each plot in pixels. Default 320. */
  plotWidth?: number;
}

const LEVEL_WORD: Record<Verdict['level'], string> = { ok: 'fine', warn: 'worth a look', bad: 'problem', info: 'note' };

function VerdictText({ verdict }: { verdict: Verdict }) {
  return (
    <span className="cs-verdict" data-level={verdict.level}>
      <span className="cs-verdict-dot" aria-hidden="true" />
      <span className="cs-visually-hidden">{LEVEL_WORD[verdict.level]}: </span>
      {verdict.text}
    </span>
  );
}

/** A number cell with its raw value in `data-value` (tests and copy), or a dash when the layer has no such measure. */
function Cell({ column, value, text, title }: { column: string; value?: number; text?: string; title?: string }) {
  if (value === undefined) return <td className="cs-num cs-muted" data-column={column}>—</td>;
  return <td className="cs-num" data-column={column} data-value={value} title={title}>{text}</td>;
}

const condition = (c: number) => (Number.isFinite(c) ? (c >= 1e4 ? c.toExponential(1) : String(Number(c.toPrecision(3)))) : '∞');

function Row({ row }: { row: SaturationRow }) {
  const { dead, spectrum } = row;
  // One body per layer: its numbers on one line, its verdict on the next, so the table fits a narrow pane.
  return (
    <tbody data-node={row.nodeId} data-level={row.verdict.level}>
      <tr>
        <th scope="row">
          <span className="cs-layer-chip" data-group={row.group}>{row.nodeId}</span>
          <span className="cs-muted cs-layer-kind">{row.title}</span>
        </th>
        <Cell column="dead" value={dead?.fraction} text={dead && percent(dead.fraction)} title={dead && `${dead.deadCount.toLocaleString('en-US')} of ${dead.unitCount.toLocaleString('en-US')} units never fire`} />
        <Cell column="rank" value={spectrum?.rank} text={spectrum && `${spectrum.rank} of ${spectrum.singularValues.length}`} title={spectrum && `weight as a ${spectrum.matrixShape.join(' × ')} matrix`} />
        <Cell column="condition" value={spectrum?.conditionNumber} text={spectrum && condition(spectrum.conditionNumber)} title={spectrum && `σmax / σmin = ${spectrum.max.toPrecision(4)} / ${spectrum.min.toPrecision(4)}`} />
        <Cell column="gain" value={spectrum?.max} text={spectrum && spectrum.max.toPrecision(3)} />
      </tr>
      <tr className="cs-saturation-verdict">
        <td colSpan={5}>
          <VerdictText verdict={row.verdict} />
        </td>
      </tr>
    </tbody>
  );
}

/**
 * Core's saturation diagnosis for people: an overall verdict, a table with one row per measured
 * layer (dead ReLU units; directions used, condition number and largest gain of the weights)
 * with a plain-language verdict each, the training trend, and two plots (silent units per ReLU
 * layer, the singular-value spectrum of every weight).
 *
 * @example
 * <SaturationReport diagnosis={diagnose(model, probeImages, { history })} layers={pipeline.nodes} />
 */
export function SaturationReport({ diagnosis, layers, plotWidth = 320 }: SaturationReportProps) {
  const rows = useMemo(() => saturationRows(diagnosis, layers), [diagnosis, layers]);
  const overall = overallVerdict(rows, diagnosis.batchSize);
  const plateau = diagnosis.plateau;
  const trends = plateau
    ? [plateauVerdict(plateau.trainLoss, 'Training loss'), ...(plateau.validationAccuracy ? [plateauVerdict(plateau.validationAccuracy, 'Validation accuracy')] : [])]
    : [];
  return (
    <div className="cs-saturation">
      <p className="cs-saturation-summary" data-testid="saturation-summary">
        <VerdictText verdict={overall} />
      </p>
      <div className="cs-saturation-table-wrap">
        <table className="cs-table cs-saturation-table">
          <caption>Saturation per layer, on {diagnosis.batchSize} held-out digits</caption>
          <thead>
            <tr>
              <th scope="col">Layer</th>
              <th scope="col" className="cs-num" title="Share of the layer's ReLU units that output 0 for every digit of the batch">Dead units</th>
              <th scope="col" className="cs-num" title="Singular values of the weight at least 0.001 × the largest: input directions the layer uses">Directions used</th>
              <th scope="col" className="cs-num" title="Largest over smallest singular value of the weight; very large means some directions are nearly ignored">Condition</th>
              <th scope="col" className="cs-num" title="Largest singular value σmax: how much the layer can amplify an input (and its gradient)">Max gain</th>
            </tr>
          </thead>
          {rows.map((row) => <Row key={row.nodeId} row={row} />)}
        </table>
      </div>
      {trends.length > 0 && (
        <ul className="cs-saturation-trends" aria-label="Training trend">
          {trends.map((t) => <li key={t.text}><VerdictText verdict={t} /></li>)}
        </ul>
      )}
      <div className="cs-saturation-plots">
        <DeadUnitsChart rows={rows} width={plotWidth} />
        <SpectrumChart rows={rows} width={plotWidth} />
      </div>
      <details className="cs-saturation-help">
        <summary>What these numbers mean</summary>
        <p><b>Dead units</b>: a ReLU unit that outputs 0 for every digit does no work; many of them mean wasted capacity, often from a learning rate that was too high.</p>
        <p><b>Directions used</b>: a layer multiplies its input by a weight matrix; each singular value is the gain along one input direction. Values below 0.001 × the largest mean the layer ignores those directions.</p>
        <p><b>Condition number</b>: the largest gain over the smallest. Large values mean some directions are nearly ignored. <b>Largest gain</b> above 10 means the layer amplifies some inputs, and backpropagation amplifies their gradients by as much.</p>
      </details>
    </div>
  );
}
