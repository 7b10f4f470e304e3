// A runnable example: the document's worked example as feature-map grids and a 3D stack.
// Bundle it with any React setup (Vite: `import { WorkedExampleMaps } from './WorkedExampleMaps'`) and import
// '@convstudio/ui/styles.css' once in the app.
import { createModel, syntheticSix, workedExamplePipeline } from '@convstudio/core';
import { FeatureMapGrid, FeatureStack3D, PipelineCostTable, colormapLut } from '@convstudio/ui';

const pipeline = workedExamplePipeline();
const outputs = createModel(pipeline).forward(syntheticSix());
const layers = pipeline.nodes.map((node) => ({ id: node.id, label: node.id, tensor: outputs.get(node.id)! }));

export function WorkedExampleMaps() {
  return (
    <>
      <FeatureMapGrid tensor={outputs.get('conv1')!} label="conv1" defaultColormap="viridis" />
      <FeatureMapGrid tensor={outputs.get('pool1')!} label="pool1" />
      <FeatureStack3D layers={layers} pipeline={pipeline} lookupTable={colormapLut('viridis')} style={{ height: 420 }} />
      <PipelineCostTable pipeline={pipeline} />
    </>
  );
}
