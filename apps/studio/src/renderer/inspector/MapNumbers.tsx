import type { Tensor } from '@convstudio/core';
import { formatValue } from '@convstudio/ui';

/** Maps up to this many cells a side are offered as tables of numbers. */
export const MAX_NUMBER_TABLE_SIDE = 16;
/** Most cells a node's tables may hold in all: 256 maps of 6x6 (AlexNet's pool5) stay pictures. */
export const MAX_NUMBER_TABLE_CELLS = 1024;

/** Whether a node's output is small enough to read as numbers: each map and all of them together. */
export function fitsNumberTable(tensor: Tensor): boolean {
  const [c, h, w] = tensor.rank === 4 ? [tensor.shape[1], tensor.shape[2], tensor.shape[3]] : [1, 1, tensor.shape[1] ?? 1];
  return h <= MAX_NUMBER_TABLE_SIDE && w <= MAX_NUMBER_TABLE_SIDE && c * h * w <= MAX_NUMBER_TABLE_CELLS;
}

/** The map of one channel as CSV rows (full float32 precision), for the clipboard. */
export function mapCsv(tensor: Tensor, channel: number): string {
  const [, , h, w] = tensor.rank === 4 ? tensor.shape : [tensor.shape[0], 1, 1, tensor.shape[1]];
  const rows: string[] = [];
  for (let r = 0; r < h; r++) rows.push(Array.from(tensor.data.subarray((channel * h + r) * w, (channel * h + r + 1) * w), String).join(','));
  return rows.join('\n');
}

/** The map of one channel as JSON rows (`[[...], ...]`, full float32 precision), for the clipboard. */
export function mapJson(tensor: Tensor, channel: number): string {
  const [, , h, w] = tensor.rank === 4 ? tensor.shape : [tensor.shape[0], 1, 1, tensor.shape[1]];
  const rows = Array.from({ length: h }, (_, r) => Array.from(tensor.data.subarray((channel * h + r) * w, (channel * h + r + 1) * w)));
  // Non-finite values have no JSON number: they are written as null, as JSON.stringify does.
  return JSON.stringify(rows);
}

/** What a map is copied as. */
export type CopyFormat = 'csv' | 'json';

/** Copy CSV and Copy JSON buttons for one channel of a node. */
export function CopyButtons({ nodeId, channel, onCopy }: { nodeId: string; channel: number; onCopy(channel: number, format: CopyFormat): void }) {
  return (
    <>
      <button type="button" className="cs-button" onClick={() => onCopy(channel, 'csv')} aria-label={`Copy CSV of ${nodeId} channel ${channel}`}>Copy CSV</button>
      <button type="button" className="cs-button" onClick={() => onCopy(channel, 'json')} aria-label={`Copy JSON of ${nodeId} channel ${channel}`}>Copy JSON</button>
    </>
  );
}

/**
 * Every channel of the first sample as a table of numbers; each cell is a button that picks the unit.
 * `read` marks cells (`"channel:row:col"`) a picked unit's sum reads; `picked` marks the unit itself.
 */
export function MapNumbers({ tensor, nodeId, onPick, onCopy, read, picked }: { tensor: Tensor; nodeId: string; onPick?(channel: number, row: number, col: number): void; onCopy(channel: number, format: CopyFormat): void; read?: ReadonlySet<string>; picked?: string }) {
  const [, channels, height, width] = tensor.rank === 4 ? tensor.shape : [tensor.shape[0], 1, 1, tensor.shape[1]];
  return (
    <div className="studio-map-numbers">
      {Array.from({ length: channels }, (_, c) => (
        <figure key={c} className="studio-map-numbers-channel">
          <figcaption>
            channel {c}{' '}
            <CopyButtons nodeId={nodeId} channel={c} onCopy={onCopy} />
          </figcaption>
          <table data-testid="map-numbers" data-node-id={nodeId} data-channel={c}>
            <tbody>
              {Array.from({ length: height }, (_, r) => (
                <tr key={r}>
                  {Array.from({ length: width }, (_, q) => {
                    const value = tensor.data[(c * height + r) * width + q];
                    return (
                      <td key={q} data-row={r} data-col={q} data-value={value} className={picked === `${c}:${r}:${q}` ? 'studio-number-picked' : read?.has(`${c}:${r}:${q}`) ? 'studio-number-read' : undefined}>
                        {onPick ? <button type="button" className="studio-number-cell" onClick={() => onPick(c, r, q)} aria-label={`unit row ${r} col ${q} = ${formatValue(value)}`}>{formatValue(value)}</button> : formatValue(value)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </figure>
      ))}
    </div>
  );
}
