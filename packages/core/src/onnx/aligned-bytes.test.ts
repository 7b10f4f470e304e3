import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema } from 'onnx-buf';
import { describe, expect, it } from 'vitest';
import { createModel } from '../nn/model.js';
import { templates } from '../nn/templates/index.js';
import { namedTensorsOf } from '../project/named-tensors.js';
import { exportOnnx } from './export-onnx.js';
import { importOnnx } from './import-onnx.js';

// exportOnnx puts every tensor's data on a 4-byte boundary of the file, so importOnnx maps the
// float32 weights in place (views on the file's bytes) instead of copying them.

describe('exported ONNX files', () => {
  for (const template of templates.filter((t) => ['mnist-cnn', 'lenet5', 'tiny-vgg', 'cnn'].includes(t.id))) {
    it(`${template.id}: every initialiser's raw data is 4-byte aligned, and import reads the weights in place`, () => {
      const pipeline = template.build();
      const tensors = namedTensorsOf(createModel(pipeline));
      const bytes = exportOnnx(pipeline, tensors);
      const initializers = fromBinary(ModelProtoSchema, bytes).graph!.initializer;
      expect(initializers.length).toBeGreaterThan(1);
      expect(initializers.map((t) => [t.name, t.rawData.byteOffset % 4])).toEqual(initializers.map((t) => [t.name, 0]));
      const { weights } = importOnnx(bytes);
      for (const [name, t] of weights) {
        // Every weight is a view on the file (a bias the importer rebuilds may be copied: small).
        if (name.endsWith('.weight')) expect(t.data.buffer, name).toBe(bytes.buffer);
        expect(Array.from(t.data), name).toEqual(Array.from(tensors.get(name)!.data));
      }
    });
  }
});
