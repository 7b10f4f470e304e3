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
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i];
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (!fenced && !inComment && /^#{1,6}\s/.test(line)) {
      current = { heading: line.replace(/^#+\s*/, '').trim(), line: lineNo, citations: [], exempt: undefined, numbers: [] };
      sections.push(current);
    }
    const exempt = line.match(EXEMPT);
    if (exempt) {
      if (!exempt[1]) throw new Error(`line ${lineNo}: a bench-check exempt marker needs a reason ("<!-- bench-check: exempt: why -->")`);
      current.exempt = exempt[1];
    }
    for (const m of line.matchAll(CITATION)) current.citations.push({ text: m[0], line: lineNo, commit: m[1], path: m[2] });
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
    const isTableRow = !fenced && /^\s*\|/.test(visible);
    if (isTableRow && /^\s*\|[\s:|-]+\|?\s*$/.test(visible)) continue; // the |---| row
    for (const n of findNumbers(visible, !isTableRow)) current.numbers.push({ ...n, line: lineNo, inTable: isTableRow });
  }
  return sections;
}
