import { tensorToImage, type Tensor, type WorkedExample } from '@convstudio/core';
import { drawText, GLYPH_HEIGHT, textWidth } from './bitmap-font.js';
import { BLACK, Canvas, WHITE, type Rgb } from './canvas.js';

/** One subplot of the figure: where it sits in the 3x3 grid (1-based, as `plt.subplot(3, 3, k)`). */
export interface Panel {
  position: number;
  title: string;
  map: Tensor;
  /** Kernels are drawn like the document's `ax.axis('off')` with 3x wider axis limits: a third of the box, no frame. */
  kernel?: boolean;
}

export const FIGURE_WIDTH = 960;
export const FIGURE_HEIGHT = 720;
const COLUMNS = 3;
const ROWS = 3;
const PANEL_WIDTH = FIGURE_WIDTH / COLUMNS;
const PANEL_HEIGHT = FIGURE_HEIGHT / ROWS;
/** Image box side: 168 is a multiple of 28, 24 and 8, so the digit, the convolutions and the pooled maps all fill it exactly. */
const BOX = 168;
const TITLE_SCALE = 2;
const TITLE_GAP = 12;
const FRAME: Rgb = [38, 38, 38];

/**
 * The panels of the source document's figure: row 1 the diagonal edge kernel, its convolution
 * of the 6 and the max-pooled map; row 2 the 6 (panels 5 and 6 stay empty); row 3 the same
 * for the rotated kernel.
 */
export function workedExamplePanels(example: WorkedExample): Panel[] {
  const { six, diagonal, rotatedDiagonal } = example;
  return [
    { position: 1, title: 'Diagonal Edge Kernel', map: diagonal.kernel, kernel: true },
    { position: 2, title: 'Conv (6)', map: diagonal.normalized },
    { position: 3, title: 'Max Pooled (6)', map: diagonal.pooled },
    { position: 4, title: "'6' Image", map: six },
    { position: 7, title: 'Rotated Diagonal Edge Kernel', map: rotatedDiagonal.kernel, kernel: true },
    { position: 8, title: 'Conv (6)', map: rotatedDiagonal.normalized },
    { position: 9, title: 'Max Pooled (6)', map: rotatedDiagonal.pooled },
  ];
}

/**
 * Draws panels on a white 960x720 canvas as matplotlib's `subplot(3, 3, k)` places them: each
 * title above its image in the built-in 5x7 font, each map min-max scaled to gray
 * (`cmap='gray'`) and enlarged by nearest neighbour, framed like an axes box.
 *
 * @example
 * const png = drawFigure(workedExamplePanels(runWorkedExample())).toPng();
 */
export function drawFigure(panels: readonly Panel[]): Canvas {
  const canvas = new Canvas(FIGURE_WIDTH, FIGURE_HEIGHT, WHITE);
  const titleHeight = GLYPH_HEIGHT * TITLE_SCALE;
  const top = Math.floor((PANEL_HEIGHT - titleHeight - TITLE_GAP - BOX) / 2);
  for (const panel of panels) {
    const column = (panel.position - 1) % COLUMNS;
    const row = Math.floor((panel.position - 1) / COLUMNS);
    if (row >= ROWS) throw new RangeError(`drawFigure: panel position must be 1 to 9, got ${panel.position}`);
    const left = column * PANEL_WIDTH;
    const y0 = row * PANEL_HEIGHT + top;
    // A title wider than its panel spills into the next one but stays on the canvas.
    const width = textWidth(panel.title, TITLE_SCALE);
    const titleX = Math.min(Math.max(4, left + Math.round((PANEL_WIDTH - width) / 2)), FIGURE_WIDTH - 4 - width);
    drawText(canvas, panel.title, titleX, y0, TITLE_SCALE, BLACK);

    const [height, mapWidth] = panel.map.shape.slice(-2);
    const side = panel.kernel ? BOX / 3 : BOX;
    const scale = Math.max(1, Math.floor(side / Math.max(height, mapWidth)));
    const x = left + Math.round((PANEL_WIDTH - mapWidth * scale) / 2);
    const y = y0 + titleHeight + TITLE_GAP + Math.round((BOX - height * scale) / 2);
    const image = tensorToImage(panel.map.reshape([height, mapWidth]));
    canvas.drawImage(image, x, y, scale);
    if (!panel.kernel) canvas.strokeRect(x, y, mapWidth * scale, height * scale, FRAME);
  }
  return canvas;
}
