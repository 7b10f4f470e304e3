/** A point of an accuracy-versus-cost plot. */
export interface CostPoint {
  id: string;
  /** Higher is better. */
  accuracy: number;
  /** Lower is better: parameters or multiply-accumulates. */
  cost: number;
}

/**
 * The Pareto front of accuracy against cost: the points no other point beats on both (at most
 * the cost and at least the accuracy, better on one). Returned by increasing cost, so the front
 * is the staircase of the best accuracy each budget buys. Ties (same cost and accuracy) all stay.
 * Points with a non-finite accuracy or cost are never on the front.
 *
 * @example
 * paretoFront([{ id: 'a', accuracy: 0.9, cost: 10 }, { id: 'b', accuracy: 0.8, cost: 20 }]).map((p) => p.id); // ['a']
 */
export function paretoFront<P extends CostPoint>(points: readonly P[]): P[] {
  const finite = points.filter((p) => Number.isFinite(p.accuracy) && Number.isFinite(p.cost));
  const sorted = [...finite].sort((a, b) => a.cost - b.cost || b.accuracy - a.accuracy);
  const front: P[] = [];
  let best = -Infinity;
  let bestCost = Number.NaN;
  for (const p of sorted) {
    // Strictly better than every cheaper point, or equal to the best at the same cost (a tie).
    if (p.accuracy > best || (p.accuracy === best && p.cost === bestCost)) {
      front.push(p);
      best = p.accuracy;
      bestCost = p.cost;
    }
  }
  return front;
}
