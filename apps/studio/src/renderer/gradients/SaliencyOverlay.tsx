import type { Tensor } from '@convstudio/core';
import { ColorLegend } from '@convstudio/ui';
import { useEffect, useRef } from 'react';
import { saliencyPeak, saliencyPixels } from './saliency.js';

/** dL/dX laid over the input image: which pixels, changed, would move L, and which way. */
export function SaliencyOverlay({ input, gradient, size = 224 }: { input: Tensor; gradient: Tensor; size?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [, channels, h, w] = gradient.shape;
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(w, h);
    image.data.set(saliencyPixels(input.data, gradient.data, channels, h, w));
    context.putImageData(image, 0, 0);
  }, [input, gradient, channels, h, w]);
  const peak = saliencyPeak(gradient.data, channels, h * w);
  const scale = size / Math.max(h, w);
  return (
    <figure className="studio-saliency" data-testid="saliency">
      <canvas ref={ref} width={w} height={h} style={{ width: Math.round(w * scale), height: Math.round(h * scale) }} role="img" aria-label={`Saliency map dL/dX over the ${w}×${h} input`} />
      <figcaption>
        <ColorLegend colormap="diverging" min={-peak} max={peak} label={channels > 1 ? 'Σ over channels of dL/dX' : 'dL/dX'} width={120} />
      </figcaption>
    </figure>
  );
}
