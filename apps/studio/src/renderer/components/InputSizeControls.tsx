import type { Pipeline } from '@convstudio/core';
import { useState } from 'react';

/** Colour mode and size of the pipeline's input: what the loaded image is converted to. */
export function InputSizeControls({ pipeline, onChange }: { pipeline: Pipeline; onChange(channels: 1 | 3, height: number, width: number): void }) {
  const input = pipeline.nodes.find((n) => n.kind === 'input');
  const { channels = 1, height = 28, width = 28 } = (input?.params ?? {}) as { channels?: number; height?: number; width?: number };
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const text = draft ?? `${height}x${width}`;
  const parsed = /^\s*(\d{1,4})\s*[x×]\s*(\d{1,4})\s*$/.exec(text);
  const commit = () => {
    if (!parsed) return;
    const [h, w] = [Number(parsed[1]), Number(parsed[2])];
    if (h > 0 && w > 0 && h <= 2048 && w <= 2048) onChange(channels === 3 ? 3 : 1, h, w);
    setDraft(undefined);
  };
  const invalid = !parsed || Number(parsed[1]) < 1 || Number(parsed[2]) < 1 || Number(parsed[1]) > 2048 || Number(parsed[2]) > 2048;
  return (
    <div className="studio-input-controls">
      <label>
        Input{' '}
        <select aria-label="Colour mode" value={channels === 3 ? 'rgb' : 'gray'} onChange={(e) => onChange(e.target.value === 'rgb' ? 3 : 1, height, width)}>
          <option value="gray">Grayscale</option>
          <option value="rgb">RGB</option>
        </select>
      </label>
      <input
        aria-label="Input size (height x width)"
        className={invalid ? 'studio-invalid' : undefined}
        value={text}
        size={9}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
        title={invalid ? 'height x width, each from 1 to 2048' : 'height x width the image is resized to'}
      />
    </div>
  );
}
