import { filterClusterSummary } from '../../analysis/filter-cluster-summary.js';
import type { FilterClusterReport } from '../../analysis/filter-clusters.js';
import { DIVERGING_STOPS } from '../../diverging-stops.js';
import { bmpDataUrl } from './bmp.js';

/** A conv layer's weight as the picture draws it: shape [outChannels, inChannels, kh, kw]. */
export interface ReportKernels {
  shape: readonly number[];
  data: ArrayLike<number>;
}

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// The studio's diverging map (ui's colormaps use the same stops): negative blue, zero near-white, positive red.
const DIVERGING = DIVERGING_STOPS.map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number]);

/** The diverging colour of t in [0, 1] (0.5 is zero), linearly between the map's stops. */
export function divergingColour(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0.5)) * (DIVERGING.length - 1);
  const i = Math.min(DIVERGING.length - 2, Math.floor(u));
  const f = u - i;
  return [0, 1, 2].map((k) => Math.round(DIVERGING[i][k] + (DIVERGING[i + 1][k] - DIVERGING[i][k]) * f)) as [number, number, number];
}

const KERNEL_PX = 40;
const PEAK_PX = 80;

/** One filter's kernel (mean over its input channels: its response to gray), scaled by the layer's largest |w|. */
function kernelTile(kernels: ReportKernels, filter: number, scale: number): string {
  const [, inChannels, kh, kw] = kernels.shape;
  const url = bmpDataUrl(kw, kh, (x, y) => {
    let v = 0;
    for (let c = 0; c < inChannels; c++) v += kernels.data[((filter * inChannels + c) * kh + y) * kw + x];
    return divergingColour(0.5 + (0.5 * v) / inChannels / scale);
  });
  return `<img class="kernel" src="${url}" width="${KERNEL_PX}" height="${KERNEL_PX}" alt="filter ${filter}" title="filter ${filter}">`;
}

/** A probe image (values 0..1, gray or RGB) with the input region its peak unit sees outlined. */
function peakTile(image: FilterClusterReport['images'][number], peak: FilterClusterReport['clusters'][number]['peaks'][number]): string {
  const { width, height, channels, values } = image;
  const plane = width * height;
  const url = bmpDataUrl(width, height, (x, y) => {
    const at = (c: number) => Math.round(255 * Math.min(1, Math.max(0, values[Math.min(c, channels - 1) * plane + y * width + x])));
    return [at(0), at(1), at(2)];
  });
  const { left, top, right, bottom } = peak.region;
  const sx = PEAK_PX / width;
  const sy = PEAK_PX / height;
  const box = `left:${(left * sx).toFixed(1)}px;top:${(top * sy).toFixed(1)}px;width:${((right - left + 1) * sx).toFixed(1)}px;height:${((bottom - top + 1) * sy).toFixed(1)}px`;
  return `<span class="peak"><img src="${url}" width="${PEAK_PX}" height="${PEAK_PX}" alt="probe image ${image.index}, strongest response at (${peak.y}, ${peak.x})"><span class="box" style="${box}"></span></span>`;
}

/** The correlation matrix with filters ordered by group, so groups show as warm blocks on the diagonal. */
function correlationTile(report: FilterClusterReport): string {
  const order = report.clusters.flatMap((c) => c.filters);
  const n = order.length;
  const url = bmpDataUrl(n, n, (x, y) => divergingColour(0.5 + 0.5 * report.correlation[order[y]][order[x]]));
  const px = Math.max(120, Math.min(320, n * 8));
  return `<figure><img class="corr" src="${url}" width="${px}" height="${px}" alt="correlation of the filters' maps"><figcaption>Correlation of the filters' maps over the probe images (blue −1, white 0, red +1), filters ordered by group: ${esc(order.join(', '))}.</figcaption></figure>`;
}

/**
 * The document's receptive-field review as a picture in the HTML report: the layer's filters
 * grouped by how alike their maps are (core's clusterFilters), each group with its kernels and
 * the probe images where it responds most, the input region its strongest unit sees outlined,
 * and the correlation matrix the groups come from. Plain strings and `data:` images, so the
 * report stays one self-contained file.
 *
 * @example
 * const html = filterPicture(run.filters, { shape: [8, 1, 3, 3], data: conv1Weight });
 */
export function filterPicture(report: FilterClusterReport, kernels?: ReportKernels): string {
  const images = new Map(report.images.map((i) => [i.index, i]));
  const usable = kernels && kernels.shape.length === 4 && kernels.data.length === kernels.shape.reduce((a, b) => a * b, 1) ? kernels : undefined;
  let scale = 1e-6;
  if (usable) for (let i = 0; i < usable.data.length; i++) scale = Math.max(scale, Math.abs(usable.data[i]));
  const summary = esc(filterClusterSummary(report));
  const groups = report.clusters
    .map((c) => {
      const name = c.filters.length === 1 ? `filter ${c.filters[0]}` : `filters ${c.filters.join(', ')}`;
      const kernelTiles = usable ? `<span class="kernels">${c.filters.map((k) => kernelTile(usable, k, scale)).join('')}</span>` : '';
      const peaks = c.peaks.flatMap((p) => {
        const image = images.get(p.image);
        return image ? [peakTile(image, p)] : [];
      });
      return `<li data-size="${c.filters.length}"><div class="group-head"><b>${name}</b> <span class="muted">${c.filters.length > 1 ? `mean correlation ${c.cohesion.toFixed(2)}` : 'alone'}</span>${kernelTiles}</div><div class="peaks">${peaks.join('')}</div></li>`;
    })
    .join('');
  const missingImages = report.images.length === 0 ? ' The probe images were not stored with this run, so the regions are not drawn.' : '';
  return `<div class="filter-review"><p>${summary} Kernels on the diverging scale (blue negative, red positive, 0 white); outlines: the input pixels the strongest unit of each group sees.${missingImages}</p>${correlationTile(report)}<ol class="clusters">${groups}</ol></div>`;
}

/** CSS for {@link filterPicture}'s markup, added once to the report's style sheet. */
export const filterPictureCss =
  '.filter-review img{image-rendering:pixelated;border:1px solid #ccc}.clusters{list-style:none;padding:0}.clusters li{display:flex;gap:16px;align-items:flex-start;margin:8px 0;flex-wrap:wrap}' +
  '.group-head{flex:0 0 270px}.kernels{display:flex;flex-wrap:wrap;gap:4px;margin-top:4px}.peaks{display:flex;gap:6px}.peak{position:relative;display:inline-block}' +
  '.peak .box{position:absolute;border:2px solid #f0a000;box-sizing:border-box}.muted{color:#666}';
