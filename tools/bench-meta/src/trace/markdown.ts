/**
 * A benchmark document cut into sections (a heading and the lines up to the next heading of any
 * level), with what the checker needs of each: the reports it cites, whether it is marked exempt,
 * and the numbers it shows (every number of a table cell; prose numbers with a unit of measure).
 */
import { findNumbers, type FoundNumber } from './numbers.ts';

export interface Citation {
  /** `path` as written, or `commit:path` for a report read from git at that commit. */
  text: string;
  line: number;
  commit: string | undefined;
  path: string;
}

export interface DocNumber extends FoundNumber {
  line: number;
  inTable: boolean;
}

export interface Section {
  heading: string;
  line: number;
  citations: Citation[];
  /** The reason given by an exempt marker, or undefined when the section is measured. */
  exempt: string | undefined;
  numbers: DocNumber[];
}

/**
 * `<!-- bench-check: exempt: why -->` exempts its own section (not the subsections below it):
 * for how-to-run text, targets quoted from an issue, shapes and options. The reason is required.
 */
const EXEMPT = /<!--\s*bench-check:\s*exempt\s*(?::\s*(.*?))?\s*-->/;

/**
 * `<!-- bench-check: example: why -->` right before a fenced code block or a table exempts that
 * block only: a transcript of a command whose output shows times or accuracies of one run, or a
 * table of captions or keys, not results.
 */
const EXAMPLE = /<!--\s*bench-check:\s*example\s*(?::\s*(.*?))?\s*-->/;

/**
 * `<!-- bench-check: setting: what -->` exempts the numbers of its own line: a configured value
 * (a timeout, a size limit, a delay) written with a unit, not measured.
 */
const SETTING = /<!--\s*bench-check:\s*setting\s*(?::\s*(.*?))?\s*-->/;

// A report: a path through a `results/` folder ending in .md, optionally `<commit>:` before it.
const CITATION = /(?<![\w/.-])(?:([0-9a-f]{7,40}):)?((?:[\w.-]+\/)*results\/(?:[\w.-]+\/)*[\w.-]+\.md)(?![\w/])/g;

/** Parses a markdown document into its sections. Line numbers are 1-based. */
export function parseSections(markdown: string): Section[] {
  const lines = markdown.split('\n');
  const sections: Section[] = [];
  let current: Section = { heading: '(before the first heading)', line: 1, citations: [], exempt: undefined, numbers: [] };
  sections.push(current);
  let fenced = false;
  let inComment = false;
  /** The line of an example marker waiting for its code block, and whether the open block is one. */
  let exampleAt = 0;
  let inExample = false;
  let inExampleTable = false;
  const tableRows = findTableRows(lines);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i];
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      // An example block runs from its opening fence to its closing one, both skipped.
      if (!fenced && inExample) {
        inExample = false;
        continue;
      }
      inExample = fenced && exampleAt > 0;
      exampleAt = 0;
    } else if (exampleAt > 0 && tableRows.has(i)) {
      inExampleTable = true;
      exampleAt = 0;
    } else if (exampleAt > 0 && line.trim() !== '' && !EXAMPLE.test(line)) {
      throw new Error(`line ${exampleAt}: a bench-check example marker must stand right before a fenced code block or a table`);
    }
    if (inExampleTable && !tableRows.has(i)) inExampleTable = false;
    if (inExample || inExampleTable) continue;
    if (!fenced && !inComment && /^#{1,6}\s/.test(line)) {
      current = { heading: line.replace(/^#+\s*/, '').trim(), line: lineNo, citations: [], exempt: undefined, numbers: [] };
      sections.push(current);
    }
    const example = line.match(EXAMPLE);
    if (example) {
      if (!example[1]) throw new Error(`line ${lineNo}: a bench-check example marker needs a reason ("<!-- bench-check: example: why -->")`);
      exampleAt = lineNo;
    }
    const setting = line.match(SETTING);
    if (setting && !setting[1]) throw new Error(`line ${lineNo}: a bench-check setting marker needs to say what is set ("<!-- bench-check: setting: what -->")`);
    const exempt = line.match(EXEMPT);
    if (exempt) {
      if (!exempt[1]) throw new Error(`line ${lineNo}: a bench-check exempt marker needs a reason ("<!-- bench-check: exempt: why -->")`);
      current.exempt = exempt[1];
    }
    for (const m of line.matchAll(CITATION)) {
      // A link names its report twice ([bench/results/x.md](bench/results/x.md)): once is enough.
      if (!current.citations.some((c) => c.text === m[0])) current.citations.push({ text: m[0], line: lineNo, commit: m[1], path: m[2] });
    }
    // HTML comments hold markers, not text a reader sees.
    let visible = line;
    if (inComment) {
      const close = visible.indexOf('-->');
      if (close < 0) continue;
      visible = visible.slice(close + 3);
      inComment = false;
    }
    visible = visible.replace(/<!--.*?-->/g, '');
    if (visible.includes('<!--')) {
      visible = visible.slice(0, visible.indexOf('<!--'));
      inComment = true;
    }
    // Link targets and anchors are addresses, not numbers (#hostile-and-huge-files-issue-17).
    visible = visible.replace(/\]\([^)]*\)/g, ']');
    const isTableRow = !fenced && tableRows.has(i);
    if (isTableRow && DELIMITER.test(visible)) continue; // the |---| row
    if (setting) continue;
    for (const n of findNumbers(visible, !isTableRow)) current.numbers.push({ ...n, line: lineNo, inTable: isTableRow });
  }
  return sections;
}

const DELIMITER = /^\s*\|?[\s:|-]*-[\s:|-]*\|?\s*$/;

/**
 * The 0-based lines of markdown tables: a header row, a delimiter row (|---|), and the rows after
 * it that start with "|". A prose line that happens to start with "|" is not one.
 */
function findTableRows(lines: readonly string[]): Set<number> {
  const rows = new Set<number>();
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!/^\s*\|/.test(lines[i]) || !DELIMITER.test(lines[i + 1]) || !lines[i + 1].includes('|')) continue;
    let j = i;
    while (j < lines.length && /^\s*\|/.test(lines[j])) rows.add(j++);
    i = j - 1;
  }
  return rows;
}
