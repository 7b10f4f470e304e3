import { decodeImage, receptiveFields, templates, tinyVgg } from '@convstudio/core';
import type { StackScreenReport } from '@convstudio/ui';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { waitForRun } from './page-probes.js';
import { serveWeb } from './web-server.js';

// The 3D stack frames any net (issue 12): AlexNet and Tiny VGG whole, legible and clickable.
// Screenshots go to STACK_SHOTS (default /tmp/stack-3d) for a person to look at.
const SHOTS = process.env.STACK_SHOTS ?? '/tmp/stack-3d';
// Every stack's box on screen is at least this tall, at 1440x900 and at 1024x700.
const MIN_STACK_PX = 24;
mkdirSync(SHOTS, { recursive: true });

// What the stack view's test hook reports, typed by the component that writes it (a copy here drifted once).
type StackBox = StackScreenReport;

let browser: Browser;
let page: Page;
let server: Awaited<ReturnType<typeof serveWeb>>;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await serveWeb();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(server.url);
  await waitForRun(page, 'cpu');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const nodeIds = (project: string) => templates.find((t) => t.id === project)?.build().nodes.map((n) => n.id) ?? [];
const stage = () => page.getByTestId('feature-stack-3d');

/** The stacks' boxes once the camera has rested: three reads 250 ms apart that agree. */
async function restingBoxes(): Promise<StackBox[]> {
  let [last, same] = ['', 0];
  for (let tries = 0; tries < 60; tries++) {
    // Boxes projected for the canvas's present size only: after a resize on a busy machine the
    // old report can sit unchanged for a while before the next frame.
    const canvas = await stage().locator('canvas').boundingBox();
    const sized = canvas !== null && (await stage().getAttribute('data-stack-size')) === `${Math.round(canvas.width)}x${Math.round(canvas.height)}`;
    const now = sized ? ((await stage().getAttribute('data-stack-boxes')) ?? '') : '';
    same = now !== '' && now === last ? same + 1 : 0;
    if (same === 2) return JSON.parse(now) as StackBox[];
    last = now;
    await page.waitForTimeout(250);
  }
  throw new Error(`the stack boxes never settled: ${last}`);
}

/** Opens a built-in project in the 3D view and waits until every node's stack is drawn. */
async function openStack(project: string): Promise<StackBox[]> {
  const select = page.getByLabel('Project');
  if ((await select.inputValue()) !== project) await select.selectOption(project);
  await page.locator('button[data-view=stack]').click();
  const want = nodeIds(project);
  // Until the new project's run is done, the view shows the old outputs of the nodes both share.
  await expect.poll(async () => (await restingBoxes()).map((s) => s.id), { timeout: 150_000, interval: 1000 }).toEqual(want);
  await waitForRun(page, 'cpu');
  return restingBoxes();
}

/** The canvas's own pixels (labels hidden), RGBA, with its size; saved as `name`.png when named. */
async function canvasPixels(name?: string): Promise<{ width: number; height: number; data: Uint8Array }> {
  await page.addStyleTag({ content: '[data-testid=stack-label], [data-testid=stack-label-status] { display: none !important; }' });
  const image = decodeImage(new Uint8Array(await stage().locator('canvas').screenshot(name ? { path: `${SHOTS}/${name}.png` } : {})));
  await page.evaluate(() => document.querySelectorAll('style').forEach((s) => s.textContent?.includes('stack-label') && s.remove()));
  return { width: image.width, height: image.height, data: image.data as Uint8Array };
}

// The scene's background, #101216.
const isBackground = (d: Uint8Array, i: number) => Math.abs(d[i] - 0x10) + Math.abs(d[i + 1] - 0x12) + Math.abs(d[i + 2] - 0x16) < 12;
const luminance = (d: Uint8Array, i: number) => 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];

/** Fraction of pixels inside `box` (canvas pixels) that `keep` accepts. */
function fractionIn(image: { width: number; data: Uint8Array }, box: readonly number[], keep: (i: number) => boolean): number {
  const [left, top, right, bottom] = box.map(Math.round);
  let [hits, all] = [0, 0];
  for (let y = Math.max(0, top); y < bottom; y++) {
    for (let x = Math.max(0, left); x < Math.min(image.width, right); x++) {
      all++;
      if (keep((y * image.width + x) * 4)) hits++;
    }
  }
  return all === 0 ? 0 : hits / all;
}

async function shoot(name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/**
 * Opens `project` in the 3D view and checks, at 1440x900 and then at 1024x700, that it is framed
 * whole, drawn and labelled legibly.
 */
async function checkFramed(project: string): Promise<void> {
  await openStack(project);
  try {
    for (const [width, height] of [[1440, 900], [1024, 700]]) {
      await page.setViewportSize({ width, height });
      await checkFramedNow(`${project}-${width}x${height}`);
    }
  } finally {
    await page.setViewportSize({ width: 1440, height: 900 });
  }
}

async function checkFramedNow(name: string): Promise<void> {
  const stacks = await restingBoxes();
  await shoot(name);
  const canvas = await stage().locator('canvas').boundingBox();
  if (!canvas) throw new Error('the 3D canvas has no box');
  for (const { id, box } of stacks) {
    const [left, top, right, bottom] = box;
    expect(left, `${name}: ${id} left`).toBeGreaterThanOrEqual(0);
    expect(top, `${name}: ${id} top`).toBeGreaterThanOrEqual(0);
    expect(right, `${name}: ${id} right`).toBeLessThanOrEqual(canvas.width);
    expect(bottom, `${name}: ${id} bottom`).toBeLessThanOrEqual(canvas.height);
    expect(bottom - top, `${name}: ${id} height`).toBeGreaterThanOrEqual(MIN_STACK_PX);
  }
  const shortest = stacks.reduce((a, s) => (s.box[3] - s.box[1] < a.box[3] - a.box[1] ? s : a));
  console.log(`${name}: ${stacks.length} stacks in a ${Math.round(canvas.width)}x${Math.round(canvas.height)} canvas; shortest ${shortest.id} ${(shortest.box[3] - shortest.box[1]).toFixed(0)} px; ${stacks.filter((s) => s.labelled).length} labelled`);
  // The pixels agree: something is drawn in every stack's box, and nothing touches the
  // canvas's edges (nothing cut off). The strips skip the outermost 2 px: a canvas at a
  // fractional position shares its edge pixels with the page in a screenshot.
  const image = await canvasPixels();
  expect(Math.abs(image.width - canvas.width)).toBeLessThanOrEqual(1);
  for (const { id, box } of stacks) expect(fractionIn(image, box, (i) => !isBackground(image.data, i)), `${name}: ${id} drawn`).toBeGreaterThan(0.2);
  const [w, h] = [image.width, image.height];
  const edges = [[2, 2, 6, h - 2], [w - 6, 2, w - 2, h - 2], [2, h - 6, w - 2, h - 2], [2, 2, w - 2, 6]];
  for (const edge of edges) expect(fractionIn(image, edge, (i) => isBackground(image.data, i)), `${name}: edge ${edge}`).toBe(1);

  // Labels: the input's and the output's always show; those shown never overlap and read at 12 px or more.
  const labelled = stacks.filter((s) => s.labelled).map((s) => s.id);
  expect(labelled).toContain(stacks[0].id);
  expect(labelled).toContain(stacks[stacks.length - 1].id);
  const labels = await page.locator('[data-testid=stack-label]').evaluateAll((elements) =>
    elements.filter((e) => getComputedStyle(e).visibility === 'visible').map((e) => {
      const r = e.getBoundingClientRect();
      return { id: (e as HTMLElement).dataset.stackId, box: [r.left, r.top, r.right, r.bottom], font: parseFloat(getComputedStyle(e).fontSize) };
    }),
  );
  expect(labels.map((l) => l.id).sort()).toEqual([...labelled].sort());
  for (const label of labels) expect(label.font).toBeGreaterThanOrEqual(12);
  for (let a = 0; a < labels.length; a++) {
    for (let b = a + 1; b < labels.length; b++) {
      const [p, q] = [labels[a].box, labels[b].box];
      const apart = p[2] <= q[0] || q[2] <= p[0] || p[3] <= q[1] || q[3] <= p[1];
      expect(apart, `${labels[a].id} and ${labels[b].id} overlap`).toBe(true);
    }
  }
}

describe('the 3D stack frames any net', () => {
  // AlexNet last: its run is the slow one, so the file opens it once.
  for (const project of ['worked-example', 'mnist-cnn', 'tiny-vgg']) {
    it(`${project}: every stack inside the canvas, at least ${MIN_STACK_PX} px tall, drawn, labels legible and apart, at 1440x900 and 1024x700`, () => checkFramed(project));
  }

  it('orbits no further than an angle that keeps the planes facing the camera, and "Reset view" frames the net again', async () => {
    const start = await openStack('tiny-vgg');
    const canvas = await stage().locator('canvas').boundingBox();
    if (!canvas) throw new Error('the 3D canvas has no box');
    const [cx, cy] = [canvas.x + canvas.width / 2, canvas.y + canvas.height / 2];
    // Each drag would turn the camera by several turns if nothing stopped it.
    for (const [dx, dy] of [[2000, 0], [-4000, 0], [0, 2000], [0, -4000]]) {
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      await page.mouse.move(cx + dx / 4, cy + dy / 4, { steps: 4 });
      await page.mouse.move(cx + dx, cy + dy, { steps: 8 });
      await page.mouse.up();
      const input = (await restingBoxes())[0].box;
      const [w, h] = [input[2] - input[0], input[3] - input[1]];
      // The input is one RGB deck: edge-on it would be a sliver (its depth), seen from above a line.
      expect(Math.min(w / h, h / w), `input ${w.toFixed(0)} x ${h.toFixed(0)} after a drag of ${dx}, ${dy}`).toBeGreaterThan(0.25);
    }
    await shoot('tiny-vgg-after-drags');
    await page.getByRole('button', { name: 'Reset view' }).click();
    await expect.poll(async () => (await restingBoxes()).map((s) => s.box.map(Math.round).join())).toEqual(start.map((s) => s.box.map(Math.round).join()));
  });

  it("tints a clicked unit's receptive field: the expected input pixels kept bright and outlined, the rest dimmed", async () => {
    const stacks = await openStack('tiny-vgg');
    const before = await canvasPixels('tiny-vgg-canvas-before-click');
    const pool2 = stacks.find((s) => s.id === 'pool2');
    if (!pool2) throw new Error('no pool2 stack');
    const canvas = await stage().locator('canvas').boundingBox();
    if (!canvas) throw new Error('the 3D canvas has no box');
    const [l, t, r, b] = pool2.box;
    await page.mouse.click(canvas.x + (l + r) / 2, canvas.y + (t + b) / 2);
    await page.getByTestId('feature-map-enlarged').getByRole('button', { name: 'Close' }).click();
    await page.mouse.move(canvas.x + 2, canvas.y + canvas.height - 2);
    const after = await restingBoxes();
    await shoot('tiny-vgg-receptive-field');
    const lit = await canvasPixels('tiny-vgg-canvas-after-click');

    // The region: core's receptive field of the clicked unit (whichever stack the click hit), on the input.
    const selected = after.find((s) => s.role === 'selected');
    const input = after[0];
    if (!selected?.rect || !input.field || !input.rect) throw new Error(`no selection or no field on the input: ${JSON.stringify(after)}`);
    const fields = receptiveFields(tinyVgg());
    if (!fields.ok) throw new Error('Tiny VGG has no receptive fields');
    const field = fields.report.byId.get(selected.id);
    if (!field) throw new Error(`no field for ${selected.id}`);
    const [y, x] = selected.rect;
    const span = (axis: { start: number; jump: number; size: number }, unit: number, size: number) => {
      const centre = axis.start + unit * axis.jump;
      return [Math.max(0, Math.ceil(centre - (axis.size - 1) / 2)), Math.min(size - 1, Math.floor(centre + (axis.size - 1) / 2))];
    };
    const [top, bottom] = span(field.height, y, 64);
    const [left, right] = span(field.width, x, 64);
    expect(input.rect).toEqual([top, left, bottom, right]);

    // Pixels: most of the drawn net changes (the old tint changed 0.2% of the canvas); outside
    // the field the input is dimmed, inside it is not. Inside means the middle of the field's
    // box: the field is a rectangle on a tilted plane, a parallelogram that leaves its box's
    // corners to the dimmed rest.
    const changed = (i: number) => Math.abs(before.data[i] - lit.data[i]) + Math.abs(before.data[i + 1] - lit.data[i + 1]) + Math.abs(before.data[i + 2] - lit.data[i + 2]) > 24;
    const changedShare = fractionIn(lit, [0, 0, lit.width, lit.height], changed);
    expect(changedShare).toBeGreaterThan(0.15);
    const lum = (image: typeof lit, i: number) => luminance(image.data, i);
    const [fl, ft, fr, fb] = input.field;
    const drawn = (i: number) => lum(before, i) > 30;
    const outside = (i: number) => {
      const [px, py] = [(i / 4) % lit.width, Math.floor(i / 4 / lit.width)];
      return px < fl - 2 || px > fr + 2 || py < ft - 2 || py > fb + 2;
    };
    const share = (box: readonly number[], where: (i: number) => boolean, test: (i: number) => boolean) => {
      let [hits, all] = [0, 0];
      fractionIn(lit, box, (i) => {
        if (where(i)) {
          all++;
          if (test(i)) hits++;
        }
        return false;
      });
      return hits / all;
    };
    // Only the input's own pixels: left of the next stack's box, where nothing else is drawn.
    const inputOnly = [input.box[0], input.box[1], Math.min(input.box[2], after[1].box[0]), input.box[3]];
    const dimmedOutside = share(inputOnly, (i) => drawn(i) && outside(i), (i) => lum(lit, i) < 0.5 * lum(before, i));
    const [insetX, insetY] = [(fr - fl) * 0.3, (fb - ft) * 0.3];
    const keptInside = share([fl + insetX, ft + insetY, fr - insetX, fb - insetY], drawn, (i) => lum(lit, i) >= 0.6 * lum(before, i));
    const coverage = ((fr - fl) * (fb - ft)) / ((input.box[2] - input.box[0]) * (input.box[3] - input.box[1]));
    console.log(
      `receptive field of ${selected.id} (${y}, ${x}): input rows ${top}-${bottom}, columns ${left}-${right}; ${(changedShare * 100).toFixed(1)}% of the canvas changed; ` +
        `the field's box is ${(coverage * 100).toFixed(0)}% of the input's; ${(dimmedOutside * 100).toFixed(0)}% of the input outside it dimmed, ${(keptInside * 100).toFixed(0)}% inside kept; field box ${input.field.join(',')}, input box ${input.box.join(',')}`,
    );
    expect(dimmedOutside).toBeGreaterThan(0.8);
    expect(keptInside).toBeGreaterThan(0.8);
  });

  it(`alexnet: every stack inside the canvas, at least ${MIN_STACK_PX} px tall, drawn, labels legible and apart, at 1440x900 and 1024x700`, () => checkFramed('alexnet'));

  it('AlexNet says which channels its wide layers show', async () => {
    await openStack('alexnet');
    await expect.poll(() => page.locator('[data-testid=stack-label][data-stack-id=conv5]').textContent()).toContain('showing 16 of 256 channels');
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
