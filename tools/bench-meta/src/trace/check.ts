/**
 * The traceability check of issue 18: every measured number in a benchmark document or README
 * must sit in a section that cites a committed report, and must be one that report printed.
 */
import { posix } from 'node:path';
import { parseSections, type Citation } from './markdown.ts';
import { isTraced, reportNumbers, type ShownNumber } from './numbers.ts';

/** Where reports are read from: the repository's tracked files, and git's older commits. */
export interface ReportSource {
  /** The text of a tracked file (repo-relative path), or undefined if git does not track it. */
  tracked(path: string): string | undefined;
  /** The text of `path` at `commit`, or undefined if that commit or file does not exist. */
  atCommit(commit: string, path: string): string | undefined;
}

export interface Problem {
  file: string;
  line: number;
  section: string;
  message: string;
}

/** A section whose failures are known and owned elsewhere: reported, but not counted. */
export interface Pending {
  file: string;
  /** The section's heading as written (without #), or undefined for the whole file. */
  section: string | undefined;
  why: string;
}

export interface CheckResult {
  problems: Problem[];
  /** Problems in pending sections. */
  pending: Problem[];
  /** Pending entries that no longer match anything failing (remove them). */
  stalePending: Pending[];
}

/** Resolves a cited path: relative to the document's folder first, then to the repository root. */
function resolveCitation(doc: string, citation: Citation, source: ReportSource): { path: string; text: string } | undefined {
  if (citation.commit !== undefined) {
    const text = source.atCommit(citation.commit, citation.path);
    return text === undefined ? undefined : { path: citation.path, text };
  }
  for (const path of [posix.normalize(posix.join(posix.dirname(doc), citation.path)), posix.normalize(citation.path)]) {
    const text = source.tracked(path);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

// Benchmark reports, and the mutation-testing summaries of tools/mutation/summarize.ts.
const REPORT_FOLDER = /(^|\/)(bench|tools\/mutation)\/results\//;

/** Checks one document (repo-relative path and its text). */
export function checkDocument(doc: string, markdown: string, source: ReportSource): Problem[] {
  const problems: Problem[] = [];
  let sections;
  try {
    sections = parseSections(markdown);
  } catch (e) {
    return [{ file: doc, line: 1, section: '', message: (e as Error).message }];
  }
  for (const section of sections) {
    const numbers: ShownNumber[] = [];
    for (const c of section.citations) {
      const report = resolveCitation(doc, c, source);
      if (report === undefined) {
        const where = c.commit === undefined ? 'no committed file at that path' : `git has no ${c.path} at ${c.commit}`;
        problems.push({ file: doc, line: c.line, section: section.heading, message: `cites a missing report ${c.text} (${where})` });
      } else if (!REPORT_FOLDER.test(report.path)) {
        problems.push({ file: doc, line: c.line, section: section.heading, message: `cites ${c.text}, which is not a report (reports live in a bench/results/ or tools/mutation/results/ folder)` });
      } else numbers.push(...reportNumbers(report.text));
    }
    if (section.exempt !== undefined) continue;
    for (const n of section.numbers) {
      const what = `${n.text}${n.unit ? ` ${n.unit}` : ''}${n.inTable ? ' (table cell)' : ''}`;
      if (section.citations.length === 0) {
        problems.push({ file: doc, line: n.line, section: section.heading, message: `${what}: the section cites no report` });
      } else if (numbers.length > 0 && !isTraced(n, numbers)) {
        problems.push({ file: doc, line: n.line, section: section.heading, message: `${what}: not in the cited report(s) ${section.citations.map((c) => c.text).join(', ')}` });
      }
    }
  }
  return problems;
}

/** Checks documents, setting aside the problems of pending sections. */
export function checkDocuments(docs: readonly { path: string; text: string }[], source: ReportSource, pending: readonly Pending[] = []): CheckResult {
  const result: CheckResult = { problems: [], pending: [], stalePending: [] };
  const used = new Set<Pending>();
  for (const doc of docs) {
    for (const p of checkDocument(doc.path, doc.text, source)) {
      const owner = pending.find((e) => e.file === p.file && (e.section === undefined || e.section === p.section));
      if (owner) {
        used.add(owner);
        result.pending.push(p);
      } else result.problems.push(p);
    }
  }
  result.stalePending = pending.filter((e) => !used.has(e) && docs.some((d) => d.path === e.file));
  return result;
}

/** One line per problem: `file:line: [section] message`. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: [${p.section}] ${p.message}`;
}
