import { formatCount as coreFormatCount } from '@convstudio/core';

/**
 * A count with thousands separators, the same on every machine (not the runtime's locale):
 * integers as `61,100,840`, fractions to two decimals. Core's formatter, which the CLI's tables use.
 *
 * @example
 * formatThousands(72855552); // '72,855,552'
 * formatThousands(1234.5);   // '1,234.50'
 */
export const formatThousands: (value: number) => string = coreFormatCount;

const SI = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

/**
 * A count with an SI prefix and 3 significant digits: `70.3 M`; below 1000 as is.
 *
 * @example
 * formatSi(70_276_800); // '70.3 M'
 * formatSi(999);        // '999'
 */
export function formatSi(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude < 1000) return String(Number(value.toPrecision(3)));
  let power = Math.min(SI.length - 1, Math.floor(Math.log10(magnitude) / 3));
  // 999,950 rounds to "1000 k" at 3 digits: move up a prefix instead.
  if (Number((magnitude / 1000 ** power).toPrecision(3)) >= 1000 && power < SI.length - 1) power++;
  return `${Number((value / 1000 ** power).toPrecision(3))} ${SI[power]}`;
}

const IEC = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/**
 * A byte count in binary units with 3 significant digits, as memory is allocated: `1.15 MiB`.
 *
 * @example
 * formatBytes(1_204_224); // '1.15 MiB'
 * formatBytes(512);       // '512 B'
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  let power = Math.abs(bytes) < 1024 ? 0 : Math.min(IEC.length - 1, Math.floor(Math.log2(Math.abs(bytes)) / 10));
  // Four digits ("1020 KiB") read worse than the next unit ("1 MiB").
  if (Math.abs(Number((bytes / 1024 ** power).toPrecision(3))) >= 1000 && power < IEC.length - 1) power++;
  return `${Number((bytes / 1024 ** power).toPrecision(3))} ${IEC[power]}`;
}

/** How the cost table writes its numbers. */
export type NumberFormat = 'exact' | 'si';

/**
 * A count in the chosen format.
 *
 * @example
 * formatCount(1_500_000, 'si'); // '1.5 M'
 */
export function formatCount(value: number, format: NumberFormat): string {
  return format === 'si' ? formatSi(value) : formatThousands(value);
}
