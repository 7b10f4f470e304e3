/**
 * A StrykerJS report (the mutation-testing-report schema: `files` → `mutants` with a `status`)
 * reduced to the counts and scores the READMEs quote, and the mutants a README has to explain
 * (survived, no coverage), as markdown. tools/mutation/summarize.ts writes it to a committed
 * report, so a README's mutation score is traced like a benchmark's number (`npm run bench:check`).
 *
 * @example
 * const summary = summarizeMutants(JSON.parse(readFileSync('reports/mutation/ui/mutation.json', 'utf8')));
 * summary.total.score; // 95.31
 */

/** The statuses a mutant of the schema can have. */
export type MutantStatus = 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';

const STATUSES: readonly MutantStatus[] = ['Killed', 'Survived', 'NoCoverage', 'Timeout', 'CompileError', 'RuntimeError', 'Ignored', 'Pending'];

/** Counts of one file or of the whole run. */
export interface MutantCounts {
  /** Mutants with a result: killed + timed out + survived + no coverage (Stryker's "valid" ones). */
  mutants: number;
  killed: number;
  timedOut: number;
  survived: number;
  noCoverage: number;
  /** Skipped (static mutants under `ignoreStatic`), not in `mutants`. */
  ignored: number;
  /** Compile and runtime errors, not in `mutants`. */
  errors: number;
  /** Stryker's "score (total)": (killed + timed out) / mutants × 100; undefined without mutants. */
  score: number | undefined;
}

/** A mutant a README has to account for: it survived, or no test ran it. */
export interface OpenMutant {
  file: string;
  line: number;
  status: 'Survived' | 'NoCoverage';
  mutator: string;
  /** The mutated source text, as the report's location cuts it from the file. */
  original: string;
  replacement: string;
}

/** A report reduced to its counts and open mutants. */
export interface MutationSummary {
  files: { file: string; counts: MutantCounts }[];
  total: MutantCounts;
  open: OpenMutant[];
}

interface Position {
  line: number;
  column: number;
}

function fail(field: string, expected: string, got: unknown): never {
  throw new Error(`mutation report: ${field} must be ${expected}, got ${JSON.stringify(got)?.slice(0, 80) ?? String(got)}`);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function position(v: unknown, field: string): Position {
  if (!isRecord(v) || !Number.isInteger(v.line) || !Number.isInteger(v.column)) fail(field, 'a { line, column } of integers', v);
  return { line: v.line as number, column: v.column as number };
}

// Lines and columns start at one (the schema's Position); the end column is exclusive.
function cut(lines: readonly string[], start: Position, end: Position): string {
  if (start.line === end.line) return (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1);
  const middle = lines.slice(start.line, end.line - 1);
  return [(lines[start.line - 1] ?? '').slice(start.column - 1), ...middle, (lines[end.line - 1] ?? '').slice(0, end.column - 1)].join('\n');
}

function emptyCounts(): MutantCounts {
  return { mutants: 0, killed: 0, timedOut: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0, score: undefined };
}

function add(counts: MutantCounts, status: MutantStatus): void {
  if (status === 'Killed') counts.killed++;
  else if (status === 'Timeout') counts.timedOut++;
  else if (status === 'Survived') counts.survived++;
  else if (status === 'NoCoverage') counts.noCoverage++;
  else if (status === 'Ignored') counts.ignored++;
  else if (status === 'CompileError' || status === 'RuntimeError') counts.errors++;
  else fail('a mutant status', 'a finished status (the run was interrupted?)', status);
}

function finish(counts: MutantCounts): MutantCounts {
  counts.mutants = counts.killed + counts.timedOut + counts.survived + counts.noCoverage;
  counts.score = counts.mutants === 0 ? undefined : ((counts.killed + counts.timedOut) / counts.mutants) * 100;
  return counts;
}

/**
 * Counts per file and in total, and the survived and uncovered mutants in file and line order.
 * Throws, naming the field, on a document that is not such a report.
 *
 * @example
 * summarizeMutants({ files: { 'a.ts': { source: 'x', mutants: [{ mutatorName: 'X', status: 'Killed', location: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } }] } } }).total.score; // 100
 */
export function summarizeMutants(report: unknown): MutationSummary {
  if (!isRecord(report) || !isRecord(report.files)) fail('the report', 'an object with a "files" object (Stryker\'s mutation.json)', report);
  const files: MutationSummary['files'] = [];
  const total = emptyCounts();
  const open: OpenMutant[] = [];
  for (const file of Object.keys(report.files).sort()) {
    const entry = report.files[file];
    if (!isRecord(entry) || !Array.isArray(entry.mutants)) fail(`files["${file}"]`, 'an object with a "mutants" array', entry);
    const lines = typeof entry.source === 'string' ? entry.source.split('\n') : [];
    const counts = emptyCounts();
    entry.mutants.forEach((m: unknown, i: number) => {
      const field = `files["${file}"].mutants[${i}]`;
      if (!isRecord(m)) fail(field, 'an object', m);
      if (!STATUSES.includes(m.status as MutantStatus)) fail(`${field}.status`, `one of ${STATUSES.join(', ')}`, m.status);
      const status = m.status as MutantStatus;
      add(counts, status);
      add(total, status);
      if (status !== 'Survived' && status !== 'NoCoverage') return;
      if (!isRecord(m.location)) fail(`${field}.location`, 'an object with start and end', m.location);
      const start = position(m.location.start, `${field}.location.start`);
      const end = position(m.location.end, `${field}.location.end`);
      open.push({
        file,
        line: start.line,
        status,
        mutator: typeof m.mutatorName === 'string' ? m.mutatorName : '?',
        original: cut(lines, start, end),
        replacement: typeof m.replacement === 'string' ? m.replacement : '?',
      });
    });
    files.push({ file, counts: finish(counts) });
  }
  open.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return { files, total: finish(total), open };
}

/** A score as Stryker prints it: two decimals, or "n/a" without mutants. */
export function formatScore(score: number | undefined): string {
  return score === undefined ? 'n/a' : `${score.toFixed(2)}%`;
}

// One line, at most `max` characters, safe inside a markdown table cell's code span.
function code(text: string, max = 70): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const short = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  const escaped = short.replace(/\|/g, '\\|');
  return escaped.includes('`') ? `\`\` ${escaped} \`\`` : `\`${escaped}\``;
}

/**
 * The markdown tables of a summary: counts and score per file and in total, then every survived
 * and uncovered mutant (file:line, mutator, original → replacement).
 *
 * @example
 * summaryMarkdown(summarizeMutants(report)).join('\n');
 */
export function summaryMarkdown(summary: MutationSummary): string[] {
  const row = (name: string, c: MutantCounts) =>
    `| ${name} | ${c.mutants} | ${c.killed} | ${c.timedOut} | ${c.survived} | ${c.noCoverage} | ${c.ignored} | ${c.errors} | ${formatScore(c.score)} |`;
  const out = [
    '| file | mutants | killed | timed out | survived | no coverage | ignored (static) | errors | score (total) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...summary.files.map((f) => row(f.file, f.counts)),
    row('**all**', summary.total),
    '',
    'Mutants = killed + timed out + survived + no coverage; score = (killed + timed out) / mutants. Ignored (static mutants under `ignoreStatic`) and errors are not counted.',
    '',
    `## Survived and not covered (${summary.open.length})`,
    '',
  ];
  if (summary.open.length === 0) return [...out, 'None.'];
  return [
    ...out,
    '| where | status | mutator | original | replacement |',
    '| --- | --- | --- | --- | --- |',
    ...summary.open.map((m) => `| ${m.file}:${m.line} | ${m.status === 'NoCoverage' ? 'no coverage' : 'survived'} | ${m.mutator} | ${code(m.original)} | ${code(m.replacement)} |`),
  ];
}
