import type { WeightsOrigin } from './weights-origin.js';

/** A small badge that says whether the weights are random, set by hand or trained; the detail is its tooltip. */
export function WeightsBadge({ origin }: { origin: WeightsOrigin }) {
  return (
    <span className="studio-weights-badge" data-testid="weights-origin" data-kind={origin.kind} title={origin.detail}>
      {origin.text}
    </span>
  );
}
