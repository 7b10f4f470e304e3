// What a user waits in the web host, from the input event to changed canvas pixels, in headless
// Chromium: a kernel-cell edit on the worked example (256x256) and on the MNIST CNN, AlexNet opened
// cold at 224x224, and AlexNet re-run after a kernel edit. Issue 12, "Speed a user feels".
//
// Run: npx tsx --conditions @convstudio/source apps/studio/bench/edit-latency.ts [--before /tmp/before] [--after /tmp/after]
// With --before <worktree> (an older checkout with its own node_modules) both trees are built and
// measured in the same browser, repetitions interleaved, so both see the same load.
// REPS=20 (default) repetitions per case; CASES=edit-worked,edit-mnist,alexnet-cold,alexnet-rerun.
// PROFILE=1 also samples the page's main thread (CDP Profiler) during every timed edit and prints
// where its time went, by function (self time summed over the repetitions); no report is written.
import { startBenchRun, writeReport } from '@convstudio/bench-meta';
import { readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../e2e/browser.js';
import { armChange, PHASES_INIT, type ChangeWatch, type Phases } from './edit-latency-probe.js';
import { MainThreadProfile } from './main-thread-profile.js';
import { buildAndServe, type Tree } from './studio-tree.js';

const REPS = Number(process.env.REPS ?? 20);
const profile = process.env.PROFILE ? new MainThreadProfile() : undefined;
const CASES = (process.env.CASES ?? 'edit-worked,edit-mnist,alexnet-cold,alexnet-rerun').split(',');
const benchDir = dirname(fileURLToPath(import.meta.url));
const studioDir = resolve(benchDir, '..');
const TARGETS: Record<string, number> = { 'edit-worked': 50, 'edit-mnist': 50, 'alexnet-cold': 1500, 'alexnet-rerun': 300 };
const TITLES: Record<string, string> = {
  'edit-worked': 'Kernel edit, worked example at 256x256 (conv1)',
  'edit-mnist': 'Kernel edit, MNIST CNN at 28x28 (conv1)',
  'alexnet-cold': 'AlexNet at 224x224 opened cold, to conv1 maps',
  'alexnet-rerun': 'AlexNet re-run after a conv1 kernel edit',
};

const buildTree = (name: Tree['name'], root: string) => buildAndServe(name, root, { bench: 'edit-latency', ...(profile ? { minify: false } : {}) });

/** The run status the toolbar shows: waits until the latest run is done (or failed: throws). */
async function settled(page: Page): Promise<string> {
  await page.waitForFunction(() => {
    const element = document.querySelector('[data-testid=run-status]') as HTMLElement | null;
    return element?.dataset.status === 'failed' || element?.dataset.status === 'done';
  }, undefined, { timeout: 300_000, polling: 50 });
  const status = page.getByTestId('run-status');
  if ((await status.getAttribute('data-status')) === 'failed') throw new Error(`edit-latency: the run failed: ${await page.locator('[data-testid=run-error]').first().textContent().catch(() => '?')}`);
  return ((await status.textContent()) ?? '').trim();
}

async function openStudio(browser: Browser, tree: Tree): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  page.on('pageerror', (error) => console.error(`${tree.name}: page error: ${error.message}`));
  page.on('dialog', (dialog) => void dialog.accept());
  await page.addInitScript(PHASES_INIT);
  await page.goto(tree.url);
  await settled(page);
  const isolated = await page.evaluate(() => crossOriginIsolated);
  if (!isolated) throw new Error(`edit-latency: ${tree.name} is not cross-origin isolated: the worker would run on one thread`);
  return page;
}

const mapsOf = (nodeId: string) => `[data-testid=maps-node][data-node-id="${nodeId}"] [data-testid=feature-map-tile] canvas`;
const cell = (page: Page, row: number, column: number) => page.getByLabel(`out 0, in 0, row ${row}, column ${column}`, { exact: true });

/**
 * Selects a conv node and makes its kernel editable. Per version: the current studio offers an
 * "Unfreeze to edit" button; 87a869f's kernel editor only had a "Frozen (not trained)" checkbox.
 */
async function editableKernel(page: Page, nodeId: string): Promise<void> {
  // Selected by its name above its maps: in AlexNet the graph may have the node out of view.
  await page.locator(`[data-testid=maps-node][data-node-id="${nodeId}"] h3 button`).first().click();
  await cell(page, 0, 0).waitFor({ timeout: 60_000 });
  const unfreeze = page.getByRole('button', { name: 'Unfreeze to edit' });
  if (await unfreeze.count()) await unfreeze.click();
  const frozen = page.getByLabel('Frozen (not trained)');
  if ((await frozen.count()) && (await frozen.isChecked())) await frozen.uncheck();
  if ((await cell(page, 0, 0).getAttribute('readonly')) !== null) throw new Error(`edit-latency: the kernel of ${nodeId} stayed read-only`);
  await settled(page);
}

async function showMaps(page: Page): Promise<void> {
  await page.locator('button[data-view=maps]').click();
}

/** Opens a page ready for timed kernel edits of `nodeId` in `project`, at `size` when given. */
async function editSession(browser: Browser, tree: Tree, project: string, nodeId: string, size?: string): Promise<Page> {
  const page = await openStudio(browser, tree);
  if (project !== 'worked-example') {
    await page.getByLabel('Project').selectOption(project);
    await page.locator(`[data-testid=layer-node][data-node-id="${nodeId}"]`).waitFor();
    await settled(page);
  }
  if (size) {
    const input = page.getByLabel('Input size (height x width)');
    await input.fill(size);
    await input.press('Enter');
    await settled(page);
  }
  await showMaps(page);
  await editableKernel(page, nodeId);
  await page.locator(mapsOf(nodeId)).first().waitFor();
  return page;
}

/** Types one value into cell (0,0) and times the keystroke to the first frame with changed conv pixels. */
async function timedEdit(page: Page, nodeId: string, value: string): Promise<Sample> {
  await cell(page, 0, 0).focus();
  await page.keyboard.press('ControlOrMeta+A');
  const watch: ChangeWatch = { selector: mapsOf(nodeId), startOn: 'keydown' };
  await page.evaluate(armChange(watch));
  await profile?.start(page);
  await page.keyboard.type(value);
  const ms = await page.waitForFunction(() => window.__editLatency?.result, undefined, { timeout: 300_000, polling: 10 }).then((h) => h.jsonValue() as Promise<number>);
  await profile?.stop(page);
  const phases = await page.evaluate(() => window.__editLatency?.phases ?? {});
  const status = await settled(page);
  // Let the page go quiet (a second run, a late paint) before the next repetition.
  await page.waitForTimeout(150);
  return { ms, status, phases };
}

/** A fresh page; times choosing AlexNet in the Project selector until its conv1 maps are drawn. */
async function timedColdAlexNet(browser: Browser, tree: Tree): Promise<Sample> {
  const page = await openStudio(browser, tree);
  try {
    const watch: ChangeWatch = { selector: mapsOf('conv1'), startOn: 'project', project: 'alexnet', width: 55, height: 55 };
    await page.evaluate(armChange(watch));
    const ms = await page.waitForFunction(() => window.__editLatency?.result, undefined, { timeout: 300_000, polling: 10 }).then((h) => h.jsonValue() as Promise<number>);
    const phases = await page.evaluate(() => window.__editLatency?.phases ?? {});
    return { ms, status: await settled(page), phases };
  } finally {
    await page.close();
  }
}

interface Sample {
  ms: number;
  status: string;
  /** Where the time went (see PHASES_INIT); each mark in ms from the input. */
  phases: Phases;
}

const PHASE_NAMES = ['posted', 'partial', 'result', 'drawn'] as const;

/** The median of each phase mark over the samples that reached it, e.g. "posted 3 ms, result 40 ms, drawn 52 ms". */
function phaseLine(samples: readonly Sample[]): string {
  return PHASE_NAMES.flatMap((name) => {
    const marks = samples.map((s) => s.phases[name]).filter((ms): ms is number => ms !== undefined).sort((a, b) => a - b);
    return marks.length ? [`${name} ${fmt(quantile(marks, 0.5))}`] : [];
  }).join(', ');
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

function summarise(samples: Sample[]) {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

async function runCase(browser: Browser, trees: Tree[], name: string): Promise<Map<Tree['name'], Sample[]>> {
  const results = new Map<Tree['name'], Sample[]>(trees.map((t) => [t.name, []]));
  const log = (tree: Tree, i: number, s: Sample) => console.log(`${name} ${tree.name} #${i + 1}: ${s.ms.toFixed(1)} ms  [${s.status}]  (${phaseLine([s])})`);
  if (name === 'alexnet-cold') {
    for (let i = 0; i < REPS; i++) {
      for (const tree of trees) {
        const sample = await timedColdAlexNet(browser, tree);
        results.get(tree.name)?.push(sample);
        log(tree, i, sample);
      }
    }
    return results;
  }
  const setups: Record<string, [string, string, string | undefined]> = {
    'edit-worked': ['worked-example', 'conv1', '256x256'],
    'edit-mnist': ['mnist-cnn', 'conv1', undefined],
    'alexnet-rerun': ['alexnet', 'conv1', undefined],
  };
  const [project, nodeId, size] = setups[name];
  const pages = new Map<Tree['name'], Page>();
  for (const tree of trees) pages.set(tree.name, await editSession(browser, tree, project, nodeId, size));
  try {
    // Two values taken in turn, so every keystroke changes the kernel (and the maps).
    for (let i = 0; i < REPS; i++) {
      for (const tree of trees) {
        const sample = await timedEdit(pages.get(tree.name) as Page, nodeId, i % 2 === 0 ? '7' : '3');
        results.get(tree.name)?.push(sample);
        log(tree, i, sample);
      }
    }
  } finally {
    for (const page of pages.values()) await page.close();
  }
  return results;
}

async function main(): Promise<void> {
  const option = (name: string) => (process.argv.includes(name) ? resolve(process.argv[process.argv.indexOf(name) + 1]) : undefined);
  const beforeRoot = option('--before');
  // --after <worktree> measures a clean checkout of a commit instead of this (possibly busy) tree.
  const afterRoot = option('--after') ?? resolve(studioDir, '../..');
  for (const root of [beforeRoot, afterRoot]) {
    if (root && !existsSync(join(root, 'apps/studio/vite.web.config.ts'))) throw new Error(`edit-latency: ${root} has no apps/studio/vite.web.config.ts`);
  }
  const run = startBenchRun({ code: ['apps/studio/src/renderer', 'packages/core/src', 'packages/ui/src'] });
  const trees: Tree[] = [];
  if (beforeRoot) trees.push(await buildTree('before', beforeRoot));
  trees.push(await buildTree('after', afterRoot));
  const browser = await launchChromium();
  const cases = new Map<string, Map<Tree['name'], Sample[]>>();
  try {
    for (const name of CASES) {
      if (!TARGETS[name]) throw new Error(`edit-latency: unknown case ${name}; known: ${Object.keys(TARGETS).join(', ')}`);
      cases.set(name, await runCase(browser, trees, name));
    }
  } finally {
    await browser.close();
    for (const tree of trees) {
      await tree.close();
      rmSync(tree.outDir, { recursive: true, force: true });
    }
  }
  const version = browser.version();
  if (profile) {
    console.log(profile.summary(25));
    return;
  }
  const markdown = report(run, trees, cases, version);
  writeReport(markdown, benchDir, 'edit-latency.md');
  writeSection(trees, cases, version, run.loadLine());
}

function report(run: ReturnType<typeof startBenchRun>, trees: Tree[], cases: Map<string, Map<Tree['name'], Sample[]>>, chromium: string): string {
  const header = ['| Case | Target | ' + trees.map((t) => `${t.name} median (p90) [min-max]`).join(' | ') + ' |', '|---|---|' + trees.map(() => '---|').join('')];
  const rows = [...cases].map(([name, byTree]) => {
    const cells = trees.map((t) => {
      const s = summarise(byTree.get(t.name) ?? []);
      return `${fmt(s.median)} (${fmt(s.p90)}) [${fmt(s.min)}-${fmt(s.max)}], n=${s.n}`;
    });
    return `| ${TITLES[name]} | ≤ ${fmt(TARGETS[name])} | ${cells.join(' | ')} |`;
  });
  const statuses = [...cases].flatMap(([name, byTree]) => trees.map((t) => {
    const samples = byTree.get(t.name) ?? [];
    const compute = samples.map((s) => computeMs(s.status)).filter((ms): ms is number => ms !== undefined).sort((a, b) => a - b);
    const median = compute.length ? `; compute in the worker (from the status line) median ${fmt(quantile(compute, 0.5))}` : '';
    return `- ${name}, ${t.name}: last status "${samples.at(-1)?.status ?? ''}"${median}; medians from the input: ${phaseLine(samples) || 'no marks'}`;
  }));
  const raw = [...cases].flatMap(([name, byTree]) => trees.map((t) => `- ${name}, ${t.name}: ${(byTree.get(t.name) ?? []).map((s) => s.ms.toFixed(0)).join(', ')}`));
  return [
    '# Studio edit latency (input event to changed canvas pixels)',
    '',
    ...run.headerLines(),
    ...trees.map((t) => `- ${t.name}: ${t.root} at ${t.commit}${t.dirty ? ' (uncommitted changes in the timed code)' : ''}`),
    `- Chromium ${chromium}, headless, 1440x900, cross-origin isolated (SharedArrayBuffer, kernel threads)`,
    '',
    ...header,
    ...rows,
    '',
    'Status lines as the studio showed them after the last repetition, the worker\'s compute time it reports, and where the time went (medians, from the input: the run posted to the worker, its leading layers and its result back in the page, the first canvas drawn after them):',
    ...statuses,
    '',
    'Every sample (ms, in order):',
    ...raw,
    '',
    run.loadLine(),
    '',
  ].join('\n');
}

/** The worker's compute time in a status line: "12 ms compute" now, "12 ms on CPU (…)" at 87a869f. */
function computeMs(status: string): number | undefined {
  const match = /([\d.]+) ms compute/.exec(status) ?? /([\d.]+) ms on /.exec(status);
  return match ? Number(match[1]) : undefined;
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

const START = '<!-- edit-latency:start -->';
const END = '<!-- edit-latency:end -->';

/** Rewrites this benchmark's section of BENCHMARKS.md (the method and the latest table), leaving other sections alone. */
function writeSection(trees: Tree[], cases: Map<string, Map<Tree['name'], Sample[]>>, chromium: string, load: string): void {
  const file = join(studioDir, 'BENCHMARKS.md');
  const table = [
    '| Case | Target | ' + trees.map((t) => `${t.name} (${t.commit.slice(0, 7)}${t.dirty ? '+' : ''}) median / p90`).join(' | ') + ' |',
    '|---|---|' + trees.map(() => '---|').join(''),
    ...[...cases].map(([name, byTree]) => `| ${TITLES[name]} | ≤ ${fmt(TARGETS[name])} | ${trees.map((t) => {
      const s = summarise(byTree.get(t.name) ?? []);
      return `${fmt(s.median)} / ${fmt(s.p90)}`;
    }).join(' | ')} |`),
  ];
  const section = [
    START,
    '## Edit latency: input event to changed pixels (`npx tsx --conditions @convstudio/source apps/studio/bench/edit-latency.ts --before <worktree> [--after <worktree>]`)',
    '',
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Chromium ${chromium}; full report with every sample, commit and machine in [bench/results/edit-latency.md](bench/results/edit-latency.md).`,
    '',
    ...table,
    '',
    'Where the time went, medians in ms from the input (run posted to the worker; its leading layers and its result back in the page; first canvas drawn after them):',
    ...[...cases].flatMap(([name, byTree]) => trees.map((t) => `- ${name}, ${t.name}: ${phaseLine(byTree.get(t.name) ?? []) || 'no marks'}`)),
    '',
    load,
    '',
    ...METHOD,
    END,
  ].join('\n');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Studio benchmarks\n';
  const next = current.includes(START) ? current.slice(0, current.indexOf(START)) + section + current.slice(current.indexOf(END) + END.length) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

const METHOD = [
  'Method: each tree is built with its own `apps/studio/vite.web.config.ts` (vite build into a private',
  'folder) and served by `vite preview` on 127.0.0.1 with the config\'s cross-origin isolation headers,',
  'as the e2e suite does; headless Debian Chromium (playwright-core) at 1440x900. With `--before` both',
  'trees are measured in one browser, repetitions interleaved (before, after, before, ...), so both',
  'see the same load. A probe inside the page (`bench/edit-latency-probe.ts`) takes the start from',
  'the input event\'s own `timeStamp` (the keydown of the typed digit; for AlexNet cold, the moment the',
  'Project select\'s `change` event is dispatched) and then reads the first tile canvas (channel 0, the',
  'map the edited cell changes) of the node in the Feature maps view with `getImageData` on every',
  '`requestAnimationFrame` (until 2026-12-05 it read every tile, which on AlexNet cost the page more',
  'than the studio\'s own work); the end is the first frame whose pixels differ from those before',
  'the input (for AlexNet cold: the first frame with a 55x55 conv1 map drawn; the project opens on its',
  'Cost view, so the probe clicks "Feature maps" as soon as',
  'the button is there). Edits: select conv1 (by its name above its maps: AlexNet\'s conv1 can lie',
  'outside the graph\'s view), make its kernel editable, focus the cell "out 0, in 0,',
  'row 0, column 0", select its text (untimed), type one digit (7 and 3 in turn) and time it; after',
  'each sample the script waits for the run status to say done and a short pause more. AlexNet cold opens a',
  'fresh page (a fresh worker: no model, no compiled kernels cached) for every sample. Per-version',
  'switch: the current studio unfreezes a kernel with its "Unfreeze to edit" button, 87a869f with',
  'its "Frozen (not trained)" checkbox; the rest of the driver is the same for both. The machine\'s',
  'two cores are shared with other engineers\' work: compare only columns of one run. The phase',
  'marks come from `PHASES_INIT` in the probe, run before the page\'s own scripts: it wraps `Worker` to',
  'note when a run is posted and when partial and whole results arrive, and `putImageData` to note the',
  'first draw after them; it only observes.',
];

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
