import type { Prediction } from './gradient-protocol.js';

/** Bars shown before the rest are summed up as "N more classes". */
const MAX_BARS = 10;

/**
 * A classifier's prediction as CNN Explainer shows it: one bar per class with its softmax
 * probability, the top class highlighted, and where the weights come from said beside it
 * (a random network's "prediction" is noise, and the learner should know that first).
 */
export function PredictionBars({ prediction, names, namesSource, weightsText }: { prediction: Prediction; names: string[]; namesSource: string; weightsText: string }) {
  const p = [...prediction.probabilities];
  const top = p.indexOf(Math.max(...p));
  const order = p.map((_, k) => k);
  // Few classes keep their own order (digits read 0..9); many are ranked, the top ones shown.
  const shown = p.length <= MAX_BARS ? order : order.sort((a, b) => p[b] - p[a]).slice(0, MAX_BARS);
  return (
    <section className="studio-grad-card studio-prediction" aria-labelledby="prediction-title" data-testid="prediction">
      <h3 id="prediction-title">
        Prediction: <strong data-testid="prediction-top">{names[top]}</strong> ({(100 * p[top]).toFixed(1)}%)
      </h3>
      <p className="studio-muted">
        softmax of {prediction.logitsId} · {weightsText} · class names: {namesSource}
      </p>
      <ol className="studio-bars">
        {shown.map((k) => (
          <li key={k} className={k === top ? 'studio-bar-top' : undefined} data-testid="prediction-bar" data-class={k} data-probability={p[k]} data-logit={prediction.logits[k]}>
            <span className="studio-bar-name">{names[k]}</span>
            <span className="studio-bar-track" aria-hidden>
              <span className="studio-bar-fill" style={{ width: `${(100 * p[k]).toFixed(2)}%` }} />
            </span>
            <span className="studio-bar-value">{(100 * p[k]).toFixed(1)}%</span>
          </li>
        ))}
      </ol>
      {p.length > shown.length && <p className="studio-muted">the top {shown.length} of {p.length} classes</p>}
    </section>
  );
}
