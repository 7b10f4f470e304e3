// The contract between the benchmark page (in Chromium) and the Node script that drives it.

/** What the page reports about the WebGL context. */
export interface RendererInfo {
  vendor: string;
  renderer: string;
  version: string;
  canvas: { width: number; height: number };
  maps: number;
}

/** A pixel census of one rendered frame. */
export interface PixelCheck {
  /** Fraction of pixels that differ from the background colour. */
  drawn: number;
  /** Distinct colours (quantised to 4 bits a channel). */
  colours: number;
  /** Pixels tinted by the receptive-field highlight (cyan over gray). */
  highlighted: number;
}

/** Frames rendered while the camera orbits. */
export interface OrbitResult {
  frames: number;
  seconds: number;
  fps: number;
  /** Median and 95th percentile time between rendered frames, ms. */
  p50: number;
  p95: number;
}

/** Cost of replacing every layer's values with new ones of the same shape, ms (medians). */
export interface UpdateResult {
  runs: number;
  /** React commit: texel filling of every atlas. */
  fill: number;
  /** Fill + texture upload + one render, finished (read back one pixel). */
  total: number;
  /** One render with no data change, finished the same way: the baseline to subtract. */
  renderOnly: number;
  /** Texture objects alive before and after the updates (three's renderer.info): no reallocation. */
  texturesBefore: number;
  texturesAfter: number;
}

/** Frames drawn with the planes cut to their visible band against frames of whole planes. */
export interface OcclusionCheck {
  /** Camera poses compared. */
  poses: number;
  /** Share of pixels that differ (by more than a rounding step), per pose. */
  differing: number[];
  /** The largest of them. */
  worstDiffering: number;
  /** Largest share of pixels that show background with the cut but a plane without it: holes. */
  worstHoles: number;
}

/** The page's API on `window.__stackBench`. */
export interface StackBenchApi {
  ready: boolean;
  rendererInfo(): RendererInfo;
  checkPixels(): PixelCheck;
  /** Renders from a few poses with and without the visible-band cut; the camera is restored after. */
  checkOcclusion(): OcclusionCheck;
  orbit(milliseconds: number): Promise<OrbitResult>;
  updates(runs: number): Promise<UpdateResult>;
  /** Screen position (CSS px) of map pixel (y, x) on the input plane, to click. */
  inputPixelOnScreen(y: number, x: number): { x: number; y: number };
  /** Units passed to onSelectPixel, and maps passed to onOpenMap, in order. */
  selections: { nodeId: string; channel: number; y: number; x: number }[];
  opened: { nodeId: string; channel: number }[];
}
