import type { ImageFit, Pipeline, RgbaImage } from '@convstudio/core';

/**
 * Whether an image must change its aspect ratio to become the pipeline's input (more than 2%
 * apart), and the sizes to say so with.
 *
 * @example
 * aspectMismatch({ width: 451, height: 300 }, 224, 224); // { from: '451×300', to: '224×224' }
 */
export function aspectMismatch(image: Pick<RgbaImage, 'width' | 'height'>, height: number, width: number): { from: string; to: string } | undefined {
  const ratio = image.width / image.height / (width / height);
  return Math.abs(Math.log(ratio)) > Math.log(1.02) ? { from: `${image.width}×${image.height}`, to: `${width}×${height}` } : undefined;
}

const labels: Record<ImageFit, string> = { stretch: 'Stretch (distort)', crop: 'Crop the centre', pad: 'Fit inside (black bars)' };

/** Says that the image is resized to another shape, and offers crop, fit or stretch. */
export function FitControl({ image, pipeline, fit, onFit }: { image: RgbaImage | undefined; pipeline: Pipeline; fit: ImageFit; onFit(fit: ImageFit): void }) {
  const input = pipeline.nodes.find((n) => n.kind === 'input')?.params as { height: number; width: number } | undefined;
  const mismatch = image && input ? aspectMismatch(image, input.height, input.width) : undefined;
  if (!mismatch) return null;
  return (
    <label className="studio-fit" data-testid="fit-control" title={`The image is ${mismatch.from}; the pipeline takes ${mismatch.to}, another shape.`}>
      Image {mismatch.from} → {mismatch.to}:{' '}
      <select aria-label="How the image fills the input" value={fit} onChange={(e) => onFit(e.target.value as ImageFit)}>
        {(Object.keys(labels) as ImageFit[]).map((f) => (
          <option key={f} value={f}>
            {labels[f]}
          </option>
        ))}
      </select>
    </label>
  );
}
