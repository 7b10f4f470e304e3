import type { Pipeline } from '@convstudio/core';
import { PipelineCostTable } from '@convstudio/ui';

/**
 * The pipeline's cost per layer (shape, parameters, MACs, FLOPs, activation memory) with the
 * document's estimate beside the exact count. Computed from shapes alone, so it is instant even
 * for AlexNet and does not wait for a run.
 */
export function CostView({ pipeline }: { pipeline: Pipeline }) {
  return (
    <div data-testid="cost-view">
      <PipelineCostTable pipeline={pipeline} caption={`Cost of ${pipeline.name ?? 'this pipeline'}`} />
    </div>
  );
}
