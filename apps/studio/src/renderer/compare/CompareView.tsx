import { cnnVsFcn, inferShapes, type ImageFit, type Pipeline } from '@convstudio/core';
import { useEffect, useMemo, useRef } from 'react';
import { weightsOrigin } from '../components/weights-origin.js';
import { classifierHeadOf } from '../gradients/classifier-head.js';
import { classNamesOf } from '../gradients/gradient-choices.js';
import { PredictionBars } from '../gradients/PredictionBars.js';
import { predictionOf } from '../gradients/prediction-of.js';
import type { BackendChoice, InputScale } from '../run/run-protocol.js';
import type { StudioImage } from '../state/studio-state.js';
import { argmaxMap, spatialSummary } from './compare-captions.js';
import { useCompareRun } from './useCompareRun.js';
import '../gradients/gradients.css';

// Categorical colours (Tableau 10 and a gray) for per-pixel classes; class 0 is the FCN's background.
const CLASS_COLORS = ['#d9d9d9', '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#222222'];
const pixelClassName = (k: number, classes: number) => (classes === 11 ? (k === 0 ? 'background' : `digit ${k - 1}`) : `class ${k}`);

function ClassMap({ scores }: { scores: { data: Float32Array; shape: readonly number[] } }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [, classes, h, w] = scores.shape;
  const labels = useMemo(() => argmaxMap(scores.data, classes, h, w), [scores, classes, h, w]);
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(w, h);
    labels.forEach((k, p) => {
      const color = CLASS_COLORS[k % CLASS_COLORS.length];
      for (let c = 0; c < 3; c++) image.data[p * 4 + c] = parseInt(color.slice(1 + 2 * c, 3 + 2 * c), 16);
      image.data[p * 4 + 3] = 255;
    });
    context.putImageData(image, 0, 0);
  }, [labels, h, w]);
  const counts = Array.from({ length: classes }, (_, k) => labels.reduce((n, v) => n + (v === k ? 1 : 0), 0));
  return (
    <figure className="studio-saliency" data-testid="fcn-class-map" data-shape={`${classes}x${h}x${w}`}>
      <canvas ref={ref} width={w} height={h} style={{ width: 224, height: Math.round((224 * h) / w) }} role="img" aria-label={`Class of each of the ${h}×${w} pixels (argmax over ${classes} scores)`} />
      <figcaption>
        <ul className="studio-class-key">
          {counts.map((n, k) => n > 0 && (
            <li key={k}><span className="studio-swatch" style={{ background: CLASS_COLORS[k % CLASS_COLORS.length] }} /> {pixelClassName(k, classes)}: {n} px</li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

/**
 * The document's CNN-vs-FCN table on live numbers: one image through both pipelines of the
 * template pair (or the user's edited one, when a side is open), the CNN's class vector beside
 * the FCN's per-pixel class map, with captions computed from their shapes.
 */
export function CompareView({ pipeline, projectId, image, scale, backend, fit, weightsText }: { pipeline: Pipeline; projectId: string; image?: StudioImage; scale: InputScale; backend: BackendChoice; fit?: ImageFit; weightsText: string }) {
  const pair = useMemo(() => cnnVsFcn(), []);
  const cnn = projectId === 'cnn' ? pipeline : pair.cnn;
  const fcn = projectId === 'fcn' ? pipeline : pair.fcn;
  const run = useCompareRun(cnn, fcn, { image, scale, backend, fit });
  const cnnSummary = useMemo(() => spatialSummary(cnn), [cnn]);
  const fcnSummary = useMemo(() => spatialSummary(fcn), [fcn]);
  const prediction = run.cnn ? predictionOf(cnn, run.cnn) : undefined;
  const head = useMemo(() => classifierHeadOf(cnn, inferShapes(cnn)), [cnn]);
  const fcnOut = run.fcn?.get(fcnSummary.outputId);
  return (
    <div className="studio-gradients" data-testid="compare-view" data-status={run.status}>
      <section className="studio-grad-card">
        <p>
          Both pipelines see the same {image ? `${image.name}` : 'image'} and share their front (convolution and pooling). The CNN then flattens
          and uses fully connected layers: one answer for the whole image. The FCN uses only convolution, pooling and upsampling: an answer at every
          location. {run.status === 'failed' ? run.message : run.status === 'running' ? 'Running both…' : ''}
        </p>
      </section>
      <div className="studio-compare">
        <section className="studio-grad-card" data-testid="compare-cnn" data-output-shape={cnnSummary.outputShape.join('x')} aria-labelledby="compare-cnn-title">
          <h3 id="compare-cnn-title">CNN: {cnn.name ?? 'CNN'} → {cnnSummary.outputShape.join('×')}</h3>
          <p data-testid="compare-cnn-caption">{cnnSummary.caption}</p>
          {prediction && head && <PredictionBars prediction={prediction} names={classNamesOf(cnn, head).names} namesSource={classNamesOf(cnn, head).source} weightsText={projectId === 'cnn' ? weightsText : weightsOrigin(cnn).text} />}
        </section>
        <section className="studio-grad-card" data-testid="compare-fcn" data-output-shape={fcnSummary.outputShape.join('x')} aria-labelledby="compare-fcn-title">
          <h3 id="compare-fcn-title">FCN: {fcn.name ?? 'FCN'} → {fcnSummary.outputShape.join('×')}</h3>
          <p data-testid="compare-fcn-caption">{fcnSummary.caption}</p>
          {fcnOut && fcnOut.rank === 4 && <ClassMap scores={fcnOut} />}
        </section>
      </div>
    </div>
  );
}
