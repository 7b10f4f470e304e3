// Public API of the kernel-editor area: the controlled editor, its parts, and the pure edits behind them.
export { KernelEditor } from './KernelEditor.js';
export type { KernelEditorProps } from './KernelEditor.js';
export { KernelSlot } from './KernelSlot.js';
export type { KernelSlotProps } from './KernelSlot.js';
export { KernelCell } from './KernelCell.js';
export type { KernelCellProps } from './KernelCell.js';
export { applyPreset, normaliseBySum, presetFits, presetOrder, setWeight } from './kernel-edits.js';
export type { KernelEdit } from './kernel-edits.js';
export { parseCell, formatCell } from './parse-cell.js';
export type { CellParse } from './parse-cell.js';
export { kernelDims, slotOffset } from './kernel-shape.js';
export type { KernelDims } from './kernel-shape.js';
