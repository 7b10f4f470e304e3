/**
 * A count with thousands separators, independent of the runtime's locale (the CLI's output must
 * not change with `LANG`): integers as `61,100,840`, others to two decimals.
 *
 * @example
 * formatCount(72855552); // '72,855,552'
 * formatCount(1234.5);   // '1,234.50'
 */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const [whole, fraction] = (Number.isInteger(value) ? String(Math.abs(value)) : Math.abs(value).toFixed(2)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}
