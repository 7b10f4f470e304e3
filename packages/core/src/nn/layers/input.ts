import { z } from 'zod';
import { positiveInt } from './schema-parts.js';
import type { NodeSpec } from './spec.js';

const schema = z.strictObject({ channels: positiveInt, height: positiveInt, width: positiveInt });
export type InputParams = z.infer<typeof schema>;

/** The input node: the image's channels and size. Not a layer: the model feeds it the batch. */
export const inputSpec = {
  schema,
  defaults: { channels: 1, height: 28, width: 28 },
  arity: 'none',
  editor: {
    idPrefix: 'input',
    title: 'Input',
    description: 'The image the network sees: its channels, height and width.',
    fields: {
      channels: { type: 'int', label: 'Channels', help: '1 for greyscale, 3 for colour.' },
      height: { type: 'int', label: 'Height', help: 'Image height in pixels.' },
      width: { type: 'int', label: 'Width', help: 'Image width in pixels.' },
    },
  },
} satisfies NodeSpec<InputParams>;
