/**
 * The numbers of a benchmark document and of a report, and whether a document's number is one
 * its report printed. A document may round a report's number to fewer digits (27.3 → 27) and drop
 * thousands separators, nothing more: no unit conversion and no ratios recomputed from two
 * numbers, so every number a reader sees can be found by searching the report for it.
 */

/** One number as a document shows it: its value and half a unit of its last shown digit. */
export interface ShownNumber {
  text: string;
  value: number;
  /** How far a report's number may be from `value` and still round to it. */
  halfUlp: number;
}

// A number: thousands groups (1,232), a decimal part, an exponent (6.4e-7).
const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?`;

/** Parses a number token as written (with separators or exponent) into value and precision. */
export function parseShown(text: string): ShownNumber {
  const plain = text.replace(/,/g, '');
  const [mantissa, exponent] = plain.split(/[eE]/);
  const decimals = mantissa.includes('.') ? mantissa.length - mantissa.indexOf('.') - 1 : 0;
  const exp = exponent === undefined ? 0 : Number(exponent);
  return { text, value: Number(plain), halfUlp: 0.5 * 10 ** (exp - decimals) };
}

/** Every number a report prints, with the precision it printed it at. */
export function reportNumbers(text: string): ShownNumber[] {
  const out: ShownNumber[] = [];
  for (const m of text.matchAll(new RegExp(`(?<![\\d.])(?:${NUMBER})`, 'g'))) out.push(parseShown(m[0]));
  return out;
}

/**
 * True when some report number rounds to the shown number at the digits it shows, and the
 * report printed it at least as precisely (31.7 in a report does not back a document's 31.70).
 */
export function isTraced(shown: ShownNumber, report: readonly ShownNumber[]): boolean {
  // A relative slack of 1e-9 absorbs binary floating point (0.15 is not exactly 0.15).
  const slack = shown.halfUlp * (1 + 1e-9);
  return report.some((r) => r.halfUlp <= slack && Math.abs(r.value - shown.value) <= slack);
}

// Units of measure: a prose number followed by one of these is a measurement. Letters after a
// unit would make it a different word ("6 steps" is not 6 s), so alphabetic units end at a
// word boundary. "x" as a ratio must touch the number ("1.77x"), and neither "×" nor "x" may be
// followed by a digit, which makes a shape (3x224x224, 3×3) rather than a ratio.
const UNIT = String.raw`(?:\s?(?:GFLOP\/s|TFLOP\/s|Gcmp\/s|[GMK]i?B\/s|frames\/s|ms|µs|μs|us|ns|s|sec|seconds?|min|minutes?|hours?|[GMKk]i?B|bytes|fps|FPS|Hz)(?![\w/])|\s?%|\s?×(?![\d])|x(?![\w]))`;
const JOIN = String.raw`\s?(?:–|-|\/|→|to)\s?`;

export interface FoundNumber extends ShownNumber {
  /** 0-based offset in the scanned text. */
  index: number;
  unit: string | undefined;
}

/**
 * Finds the numbers of a piece of text. Skipped: parts of words and identifiers (k11, v20,
 * 98c007e, conv1), versions (4.22.0, Node 22+), shapes (3x224x224). With `withUnit`, only numbers that
 * carry a unit of measure, themselves or as part of a range or list that ends in one
 * ("80–82%", "1.42 / 1.26 s", "2.96 → 1.68 s").
 */
export function findNumbers(text: string, withUnit: boolean): FoundNumber[] {
  const token = new RegExp(`(?<![\\w.×^])(?:${NUMBER})`, 'g');
  const unitAt = (end: number): string | undefined => text.slice(end).match(new RegExp(`^${UNIT}`))?.[0].trim();
  const raw: { text: string; index: number; end: number }[] = [];
  for (const m of text.matchAll(token)) {
    const end = m.index! + m[0].length;
    const rest = text.slice(end);
    if (/^\.\d/.test(rest)) continue; // a version: 4.22.0
    if (/^[x×]\d/.test(rest)) continue; // a shape: 3x224x224, 3×3
    if (/^\+/.test(rest)) continue; // a version floor: Node 22+, Chrome 114+
    // Part of a word or identifier (98c007e, 2nd), unless the letters are a unit (5ms, 1.77x).
    if (/^[A-Za-z_\d]/.test(rest) && unitAt(end) === undefined) continue;
    raw.push({ text: m[0], index: m.index!, end });
  }
  const found: FoundNumber[] = [];
  for (let i = 0; i < raw.length; i++) {
    let unit = unitAt(raw[i].end);
    if (unit === undefined) {
      // A range or list: this number takes the unit of the chain's last member.
      for (let j = i; j + 1 < raw.length; j++) {
        const between = text.slice(raw[j].end, raw[j + 1].index);
        if (!new RegExp(`^${JOIN}$`).test(between)) break;
        unit = unitAt(raw[j + 1].end);
        if (unit !== undefined) break;
      }
    }
    if (withUnit && unit === undefined) continue;
    found.push({ ...parseShown(raw[i].text), index: raw[i].index, unit });
  }
  return found;
}
