import { costTable, templates } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { waitForRun } from './page-probes.js';
import { studioSession } from './studio-session.js';

const session = studioSession();

const SCALE: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9 };
/** A card's count as written (`61.1 M`, `8.6 k`, `120`) and how far off its one decimal lets it be. */
function parseShort(text: string): { value: number; slack: number } {
  const match = /^([\d.]+)(?: (k|M|G))?$/.exec(text);
  if (!match) return { value: NaN, slack: 0 };
  const scale = SCALE[match[2] ?? ''];
  return { value: Number(match[1]) * scale, slack: match[2] ? 0.05 * scale : 0 };
}

describe('the first minute', () => {
  it('welcomes, shows the projects as cards with thumbnails, opens one, and tours the worked example', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(session.url);
    await waitForRun(page, 'cpu');
    await expect.poll(() => page.getByTestId('welcome').count(), { timeout: 20_000 }).toBe(1);

    await page.getByTestId('welcome').getByRole('button', { name: 'Browse projects' }).click();
    const cards = page.getByTestId('project-card');
    await expect.poll(() => cards.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(6);
    // Every thumbnail draws one block per layer of its project.
    // The summary says "N layers"; the thumbnail adds the input's block. The document's
    // examples are two-node pipelines, the networks dozens.
    const blocks = await cards.evaluateAll((list) =>
      list.map((card) => ({ rects: card.querySelectorAll('rect').length, layers: Number(/^(\d+) layers?/.exec(card.querySelector('.studio-muted')?.textContent ?? '')?.[1] ?? NaN) })),
    );
    for (const { rects, layers } of blocks) expect(rects).toBe(layers + 1);
    expect(blocks.every(({ rects }) => rects >= 2)).toBe(true);
    // Every one of core's templates has a card, and its summary is core's count of that template:
    // its layers, and the params and MACs of its cost table (to the one decimal written).
    const summaries = Object.fromEntries(
      await cards.evaluateAll((list) => list.map((card) => [(card as HTMLElement).dataset.project ?? '', card.querySelector('.studio-muted')?.textContent ?? ''])),
    ) as Record<string, string>;
    for (const template of templates) {
      const pipeline = template.build();
      const cost = costTable(pipeline);
      if (!cost.ok) throw new Error(`core cannot cost ${template.id}`);
      const summary = summaries[template.id];
      expect(summary, `${template.id} has a card`).toBeDefined();
      const [layers, params, macs] = summary.split(' · ');
      expect(layers, template.id).toBe(`${pipeline.nodes.length - 1} layers`);
      for (const [text, want, what] of [[params, cost.table.totals.params, 'params'], [macs, cost.table.totals.macs, 'MACs']] as const) {
        expect(text, `${template.id} ${what}`).toMatch(new RegExp(` ${what}$`));
        const shown = parseShort(text.replace(` ${what}`, ''));
        expect(Math.abs(shown.value - want), `${template.id} ${what}: "${text}" for ${want}`).toBeLessThanOrEqual(shown.slack);
      }
    }
    await page.getByRole('button', { name: 'Open LeNet-5' }).click();
    await expect.poll(() => page.getByLabel('Project').inputValue(), { timeout: 20_000 }).toBe('lenet5');
    expect(await page.getByTestId('project-gallery').count()).toBe(0);

    // The tour goes back to the worked example and walks its regions, showing each view.
    await page.getByRole('button', { name: 'Tour', exact: true }).click();
    const tour = page.getByTestId('tour');
    await expect.poll(() => tour.getAttribute('data-step'), { timeout: 20_000 }).toBe('0');
    await expect.poll(() => page.getByLabel('Project').inputValue(), { timeout: 20_000 }).toBe('worked-example');
    await tour.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.locator('form[aria-label="Parameters of conv1"]').count(), { timeout: 20_000 }).toBe(1);
    await tour.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.locator('button[data-view=maps]').getAttribute('aria-selected'), { timeout: 20_000 }).toBe('true');
    // The callout stays inside the window.
    const box = await tour.boundingBox();
    expect(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= 1440 && box.y + box.height <= 900).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => tour.count(), { timeout: 20_000 }).toBe(0);

    // Dismissed once, the welcome stays away after a reload.
    expect(await page.getByTestId('welcome').count()).toBe(0);
    await page.reload();
    await waitForRun(page, 'cpu');
    expect(await page.getByTestId('welcome').count()).toBe(0);
    await page.close();
  });
});
