/** A region of the page in CSS pixels. */
export interface ViewRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What went into a composed picture, to tell the user. */
export interface ComposedView {
  png: Blob;
  width: number;
  height: number;
  canvases: number;
  /** WebGL canvases whose picture the browser had already cleared (drawn as empty). */
  blankCanvases: number;
  images: number;
  vectors: number;
  words: number;
}

const transparent = (colour: string) => colour === 'transparent' || /rgba\(.*,\s*0\)$/.test(colour);
const intersects = (r: DOMRect, v: ViewRect) => r.width > 0 && r.height > 0 && r.right > v.x && r.bottom > v.y && r.left < v.x + v.width && r.top < v.y + v.height;

// SVG drawn as an image loses the page's style sheets; the properties a chart depends on are
// copied onto each element first.
const SVG_STYLE = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'fill-opacity', 'stroke-opacity', 'font-size', 'font-family', 'font-weight', 'text-anchor', 'dominant-baseline'];
async function svgImage(svg: SVGSVGElement): Promise<HTMLImageElement> {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const source = [svg, ...svg.querySelectorAll('*')];
  const target = [clone, ...clone.querySelectorAll('*')];
  source.forEach((element, i) => {
    const style = getComputedStyle(element);
    (target[i] as SVGElement).setAttribute('style', SVG_STYLE.map((p) => `${p}:${style.getPropertyValue(p)}`).join(';'));
  });
  const box = svg.getBoundingClientRect();
  clone.setAttribute('width', String(box.width));
  clone.setAttribute('height', String(box.height));
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(clone)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;
  } finally {
    URL.revokeObjectURL(url);
  }
}

// A WebGL canvas keeps its picture only until the browser has shown it (no preserveDrawingBuffer).
function isBlank(canvas: HTMLCanvasElement): boolean {
  if (canvas.getContext('2d')) return false;
  const probe = document.createElement('canvas');
  probe.width = probe.height = 32;
  const context = probe.getContext('2d', { willReadFrequently: true });
  if (!context) return false;
  context.drawImage(canvas, 0, 0, 32, 32);
  return context.getImageData(0, 0, 32, 32).data.every((v, i) => i % 4 !== 3 || v === 0);
}

// CSS gradients (colour-bar legends): `linear-gradient(to right | to bottom | <n>deg, colour [stop%], ...)`.
function gradientFill(context: CanvasRenderingContext2D, css: string, box: DOMRect): CanvasGradient | undefined {
  const body = /^linear-gradient\((.*)\)$/.exec(css.trim())?.[1];
  if (!body) return undefined;
  const parts = body.split(/,(?![^(]*\))/).map((p) => p.trim());
  let angle = 180;
  if (/^to |deg$/.test(parts[0])) {
    const first = parts.shift() ?? '';
    angle = { 'to right': 90, 'to left': 270, 'to top': 0, 'to bottom': 180 }[first] ?? (parseFloat(first) || 180);
  }
  const radians = (angle * Math.PI) / 180;
  const [dx, dy] = [Math.sin(radians), -Math.cos(radians)];
  const half = (Math.abs(box.width * dx) + Math.abs(box.height * dy)) / 2;
  const [cx, cy] = [box.left + box.width / 2, box.top + box.height / 2];
  const gradient = context.createLinearGradient(cx - dx * half, cy - dy * half, cx + dx * half, cy + dy * half);
  parts.forEach((part, i) => {
    const stop = /\s([\d.]+)%$/.exec(part);
    const colour = stop ? part.slice(0, stop.index) : part;
    gradient.addColorStop(stop ? Math.min(1, Number(stop[1]) / 100) : parts.length > 1 ? i / (parts.length - 1) : 0, colour);
  });
  return gradient;
}

function drawWords(context: CanvasRenderingContext2D, node: Text, style: CSSStyleDeclaration, rect: ViewRect): number {
  context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  context.fillStyle = style.color;
  context.textBaseline = 'middle';
  const range = document.createRange();
  let words = 0;
  for (const match of (node.data ?? '').matchAll(/\S+/g)) {
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    const box = range.getBoundingClientRect();
    if (!intersects(box, rect)) continue;
    context.fillText(match[0], box.left, box.top + box.height / 2);
    words++;
  }
  return words;
}

/**
 * Draws what the page shows in `rect` onto a canvas and encodes it as PNG, in document order:
 * element backgrounds (colours and linear gradients) and borders, every 2D canvas (feature maps,
 * kernels), images, SVG (charts, icons, with their computed styles), the values shown in
 * selects and inputs, and text, word by word at its place. It is a faithful picture of
 * the canvases and a close one of the rest (no rounded corners, shadows or CSS transforms).
 *
 * @example
 * const view = await composeView(element.getBoundingClientRect());
 * download('maps.png', view.png);
 */
export async function composeView(rect: ViewRect, root: HTMLElement = document.body, scale = globalThis.devicePixelRatio || 1): Promise<ComposedView> {
  const width = Math.max(1, Math.round(rect.width * scale));
  const height = Math.max(1, Math.round(rect.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('the browser gave no 2D canvas to draw the view on');
  context.scale(scale, scale);
  context.translate(-rect.x, -rect.y);
  const page = getComputedStyle(document.body).backgroundColor;
  context.fillStyle = transparent(page) ? '#ffffff' : page;
  context.fillRect(rect.x, rect.y, rect.width, rect.height);

  const counts = { canvases: 0, blankCanvases: 0, images: 0, vectors: 0, words: 0 };
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node instanceof Text) {
      const parent = node.parentElement;
      if (!parent || !node.data.trim() || parent.closest('svg')) continue;
      const style = getComputedStyle(parent);
      if (style.visibility !== 'hidden') counts.words += drawWords(context, node, style, rect);
      continue;
    }
    const element = node as Element;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0' || !intersects(box, rect)) continue;
    if (!transparent(style.backgroundColor)) {
      context.fillStyle = style.backgroundColor;
      context.fillRect(box.left, box.top, box.width, box.height);
    }
    const gradient = style.backgroundImage.startsWith('linear-gradient') ? gradientFill(context, style.backgroundImage, box) : undefined;
    if (gradient) {
      context.fillStyle = gradient;
      context.fillRect(box.left, box.top, box.width, box.height);
    }
    const border = parseFloat(style.borderTopWidth);
    if (border > 0 && style.borderTopStyle !== 'none' && !transparent(style.borderTopColor)) {
      context.strokeStyle = style.borderTopColor;
      context.lineWidth = border;
      context.strokeRect(box.left + border / 2, box.top + border / 2, box.width - border, box.height - border);
    }
    if (element instanceof HTMLCanvasElement && element.width > 0 && element.height > 0) {
      counts.canvases++;
      if (isBlank(element)) counts.blankCanvases++;
      context.drawImage(element, box.left, box.top, box.width, box.height);
    } else if (element instanceof HTMLImageElement && element.complete && element.naturalWidth > 0) {
      counts.images++;
      context.drawImage(element, box.left, box.top, box.width, box.height);
    } else if (element instanceof HTMLSelectElement || (element instanceof HTMLInputElement && !['checkbox', 'radio', 'range', 'hidden'].includes(element.type))) {
      // A control's shown value is not a text node of the page.
      const text = element instanceof HTMLSelectElement ? (element.selectedOptions[0]?.text ?? '') : element.value;
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      context.fillStyle = style.color;
      context.textBaseline = 'middle';
      context.fillText(text, box.left + parseFloat(style.paddingLeft) + border, box.top + box.height / 2, Math.max(1, box.width - 2 * parseFloat(style.paddingLeft)));
      counts.words += text.split(/\s+/).filter(Boolean).length;
    } else if (element instanceof SVGSVGElement && !element.parentElement?.closest('svg')) {
      counts.vectors++;
      context.drawImage(await svgImage(element), box.left, box.top, box.width, box.height);
    }
  }
  const png = await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the view as PNG'))), 'image/png'));
  return { png, width, height, ...counts };
}

/** One sentence on what a composed PNG holds, e.g. "12 canvases, 1 chart and 84 words". */
export function describeComposed(view: ComposedView): string {
  const part = (n: number, one: string, many: string) => (n > 0 ? [`${n} ${n === 1 ? one : many}`] : []);
  const parts = [...part(view.canvases - view.blankCanvases, 'canvas', 'canvases'), ...part(view.images, 'image', 'images'), ...part(view.vectors, 'vector drawing', 'vector drawings'), ...part(view.words, 'word', 'words')];
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? 'only the background');
  const blank = view.blankCanvases > 0 ? `; ${view.blankCanvases === 1 ? 'a 3D canvas' : `${view.blankCanvases} 3D canvases`} came out empty (the browser had already cleared it), so take a screenshot of the 3D view` : '';
  return `${view.width}×${view.height} px: ${list}, drawn over the view's backgrounds${blank}`;
}
