import { filterClusterSummary, type FilterClusterReport } from '@convstudio/core';
import { colorAt } from '@convstudio/ui';
import { useEffect, useRef } from 'react';

/** The first-layer weights as the review draws them: one kernel per output channel, planar [inC, k, k]. */
export interface FirstLayerKernels {
  values: Float32Array;
  inChannels: number;
  size: number;
}

const THUMB = 72;
const KERNEL = 36;

/** One kernel on the diverging scale, centred on 0 and scaled by the layer's largest |w| (so kernels compare). */
function KernelTile({ kernels, index, scale }: { kernels: FirstLayerKernels; index: number; scale: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const { size, inChannels, values } = kernels;
    const image = ctx.createImageData(size, size);
    for (let p = 0; p < size * size; p++) {
      // Several input channels (RGB): their mean, the filter's response to gray.
      let v = 0;
      for (let c = 0; c < inChannels; c++) v += values[(index * inChannels + c) * size * size + p];
      const [r, g, b] = colorAt('diverging', 0.5 + (0.5 * v) / inChannels / scale);
      image.data.set([r, g, b, 255], p * 4);
    }
    ctx.putImageData(image, 0, 0);
  }, [kernels, index, scale]);
  return <canvas ref={ref} width={kernels.size} height={kernels.size} style={{ width: KERNEL, height: KERNEL, imageRendering: 'pixelated' }} aria-label={`filter ${index}`} title={`filter ${index}`} />;
}

/** A probe image (grayscale or RGB, values 0..1) with the input region a peak unit sees outlined. */
function PeakTile({ image, region }: { image: FilterClusterReport['images'][number]; region: FilterClusterReport['clusters'][number]['peaks'][number]['region'] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const { width, height, channels, values } = image;
    const data = ctx.createImageData(width, height);
    const plane = width * height;
    for (let p = 0; p < plane; p++) {
      const at = (c: number) => Math.round(255 * Math.min(1, Math.max(0, values[Math.min(c, channels - 1) * plane + p])));
      data.data.set([at(0), at(1), at(2), 255], p * 4);
    }
    ctx.putImageData(data, 0, 0);
  }, [image]);
  const sx = THUMB / image.width;
  const sy = THUMB / image.height;
  return (
    <span className="studio-lab-peak">
      <canvas ref={ref} width={image.width} height={image.height} style={{ width: THUMB, height: THUMB, imageRendering: 'pixelated' }} />
      <span className="studio-lab-peak-box" style={{ left: region.left * sx, top: region.top * sy, width: (region.right - region.left + 1) * sx, height: (region.bottom - region.top + 1) * sy }} />
    </span>
  );
}

/**
 * The document's receptive-field review as a picture: a layer's filters grouped by how alike
 * their feature maps are (core's clusterFilters: correlation over the probe images, average
 * linkage), each group beside the probe images where it responds most, the input region its
 * strongest unit sees outlined. Groups of several filters are the redundancy the document names.
 */
export function FilterClusters({ report, kernels }: { report: FilterClusterReport; kernels?: FirstLayerKernels }) {
  const images = new Map(report.images.map((i) => [i.index, i]));
  let scale = 1e-6;
  if (kernels) for (const v of kernels.values) scale = Math.max(scale, Math.abs(v));
  return (
    <div data-testid="lab-filter-clusters">
      <p className="studio-muted">
        {filterClusterSummary(report)}
        {' '}Kernels on the diverging scale (blue negative, red positive, 0 white); outlines: the input pixels the strongest unit sees.
      </p>
      <ol className="studio-lab-clusters">
        {report.clusters.map((c) => (
          <li key={c.filters.join(',')} data-size={c.filters.length}>
            <div className="studio-lab-cluster-head">
              <b>{c.filters.length === 1 ? `filter ${c.filters[0]}` : `filters ${c.filters.join(', ')}`}</b>
              <span className="studio-muted">{c.filters.length > 1 ? `mean correlation ${c.cohesion.toFixed(2)}` : 'alone'}</span>
              {kernels && <div className="studio-lab-kernels">{c.filters.map((k) => <KernelTile key={k} kernels={kernels} index={k} scale={scale} />)}</div>}
            </div>
            <div className="studio-lab-peaks">
              {c.peaks.map((p) => {
                const image = images.get(p.image);
                return image ? <PeakTile key={p.image} image={image} region={p.region} /> : null;
              })}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
