// A pipeline as data: check it, cost it, run it, look at every feature map, back-propagate.
// Run: npm run example:pipeline -w @convstudio/core
import { costTable, createModel, ones, formatCostTable, inputRegion, receptiveFields, syntheticSix, workedExamplePipeline } from '@convstudio/core';

const pipeline = workedExamplePipeline(); // plain JSON: the studio saves the same format
const cost = costTable(pipeline);
if (cost.ok) console.log(formatCostTable(cost.table));

const model = createModel(pipeline); // throws a PipelineError naming node and field on bad input
const outputs = model.forward(syntheticSix());
for (const [id, map] of outputs) console.log(id.padEnd(10), map.shape.join('x'));

const fields = receptiveFields(pipeline);
if (fields.ok) console.log('pooled unit (0,0) sees input', inputRegion(fields.report, model.outputId, 0, 0).region);

// dL/dY = 1 for every pooled value: the input gradient shows which pixels drive the output.
const pooled = outputs.get(model.outputId);
if (pooled) console.log('saliency map', model.backward(outputs, ones(pooled.shape)).input.shape.join('x'));
