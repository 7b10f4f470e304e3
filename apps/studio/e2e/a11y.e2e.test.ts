import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForRun } from './page-probes.js';
import { studioSession } from './studio-session.js';

// axe-core's checks on every view, with a layer selected: no serious or critical violation.
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const session = studioSession();

interface Violation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(context: Document): Promise<{ violations: Violation[] }> } }).axe.run(document);
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`);
}

describe('accessibility (axe-core)', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious or critical violation on any view (${scheme} theme)`, async () => {
      const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: scheme, bypassCSP: true });  // only so axe's script can be injected
      await page.goto(session.url);
      await waitForRun(page, 'cpu');
      await page.locator('[data-testid=layer-node][data-node-id=conv1]').click();
      await page.getByTestId('kernel-sync').waitFor();
      const found: string[] = [];
      for (const view of ['figure', 'maps', 'stack', 'cost', 'train', 'lab']) {
        await page.locator(`button[data-view=${view}]`).click();
        await page.waitForTimeout(400);
        found.push(...(await seriousViolations(page)).map((v) => `${view}: ${v}`));
      }
      // The up-convolution explorer with its numbers, a step picked, and the matrix entry open.
      page.on('dialog', (dialog) => void dialog.accept());
      await page.getByLabel('Project').selectOption('doc-up-convolution');
      await page.locator('[data-testid=upconv-output] td[data-row="0"][data-col="1"] button').click();
      await page.getByRole('button', { name: 'Matrix' }).click();
      await page.getByTestId('matrix-text').fill('1 2\n3');
      await page.waitForTimeout(400);
      found.push(...(await seriousViolations(page)).map((v) => `upconv + matrix: ${v}`));
      expect(found).toEqual([]);
      await page.close();
    });
  }
});
