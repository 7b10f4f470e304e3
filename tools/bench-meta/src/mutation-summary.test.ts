import { describe, expect, it } from 'vitest';
import { formatScore, summarizeMutants, summaryMarkdown } from './mutation-summary.js';

const at = (line: number, column: number, endColumn: number) => ({ start: { line, column }, end: { line, column: endColumn } });

// A hand-written mutation.json: two files, every status the counts distinguish.
const REPORT = {
  schemaVersion: '1',
  files: {
    'src/b.ts': {
      language: 'typescript',
      source: 'export const f = (a: number) => a < 3;\nexport const g = (s: string) => s | 0;\n',
      mutants: [
        { id: '1', mutatorName: 'EqualityOperator', replacement: 'a <= 3', status: 'Survived', location: at(1, 33, 38) },
        { id: '2', mutatorName: 'BooleanLiteral', replacement: 'false', status: 'Killed', location: at(1, 33, 38) },
        { id: '3', mutatorName: 'ArithmeticOperator', replacement: 's & 0', status: 'NoCoverage', location: at(2, 33, 38) },
        { id: '4', mutatorName: 'BlockStatement', replacement: '{}', status: 'Timeout', location: at(1, 18, 38) },
        { id: '5', mutatorName: 'StringLiteral', replacement: '""', status: 'Ignored', static: true, location: at(1, 1, 5) },
      ],
    },
    'src/a.ts': {
      language: 'typescript',
      source: 'const x = 1;\n',
      mutants: [
        { id: '6', mutatorName: 'ArithmeticOperator', replacement: '-1', status: 'Killed', location: at(1, 11, 12) },
        { id: '7', mutatorName: 'ArithmeticOperator', replacement: '+1', status: 'CompileError', location: at(1, 11, 12) },
      ],
    },
  },
};

describe('summarizeMutants', () => {
  const summary = summarizeMutants(REPORT);

  it('counts per file, sorted by path, and scores (killed + timed out) over the valid mutants', () => {
    expect(summary.files.map((f) => f.file)).toEqual(['src/a.ts', 'src/b.ts']);
    expect(summary.files[1]?.counts).toEqual({ mutants: 4, killed: 1, timedOut: 1, survived: 1, noCoverage: 1, ignored: 1, errors: 0, score: 50 });
    expect(summary.files[0]?.counts).toEqual({ mutants: 1, killed: 1, timedOut: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 1, score: 100 });
    expect(summary.total).toEqual({ mutants: 5, killed: 2, timedOut: 1, survived: 1, noCoverage: 1, ignored: 1, errors: 1, score: 60 });
  });

  it('lists the survived and uncovered mutants with their line, mutator and the source they replace', () => {
    expect(summary.open).toEqual([
      { file: 'src/b.ts', line: 1, status: 'Survived', mutator: 'EqualityOperator', original: 'a < 3', replacement: 'a <= 3' },
      { file: 'src/b.ts', line: 2, status: 'NoCoverage', mutator: 'ArithmeticOperator', original: 's | 0', replacement: 's & 0' },
    ]);
  });

  it('prints the scores as Stryker does and escapes pipes inside table cells', () => {
    const md = summaryMarkdown(summary).join('\n');
    expect(md).toContain('| src/b.ts | 4 | 1 | 1 | 1 | 1 | 1 | 0 | 50.00% |');
    expect(md).toContain('| **all** | 5 | 2 | 1 | 1 | 1 | 1 | 1 | 60.00% |');
    expect(md).toContain('| src/b.ts:1 | survived | EqualityOperator | `a < 3` | `a <= 3` |');
    expect(md).toContain('| src/b.ts:2 | no coverage | ArithmeticOperator | `s \\| 0` | `s & 0` |');
    expect(formatScore(2 / 3 * 100)).toBe('66.67%');
    expect(formatScore(undefined)).toBe('n/a');
  });

  it('cuts a mutant spanning lines and has no score without mutants', () => {
    const s = summarizeMutants({ files: { 'c.ts': { source: 'if (a) {\n  b();\n}\n', mutants: [{ mutatorName: 'BlockStatement', replacement: '{}', status: 'Survived', location: { start: { line: 1, column: 8 }, end: { line: 3, column: 2 } } }] } } });
    expect(s.open[0]?.original).toBe('{\n  b();\n}');
    expect(summarizeMutants({ files: {} }).total.score).toBeUndefined();
  });

  it('refuses what is not a finished Stryker report, naming the field', () => {
    expect(() => summarizeMutants([])).toThrow('mutation report: the report must be an object with a "files" object');
    expect(() => summarizeMutants({ files: { 'a.ts': {} } })).toThrow('files["a.ts"] must be an object with a "mutants" array');
    expect(() => summarizeMutants({ files: { 'a.ts': { mutants: [{ status: 'Dead' }] } } })).toThrow('files["a.ts"].mutants[0].status must be one of Killed');
    expect(() => summarizeMutants({ files: { 'a.ts': { mutants: [{ status: 'Pending' }] } } })).toThrow('a finished status');
    expect(() => summarizeMutants({ files: { 'a.ts': { mutants: [{ status: 'Survived', location: { start: { line: 1 } } }] } } })).toThrow(
      'files["a.ts"].mutants[0].location.start must be a { line, column } of integers',
    );
  });
});
