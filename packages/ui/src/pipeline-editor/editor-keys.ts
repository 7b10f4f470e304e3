/** What a shortcut asks the editor to do. */
export type EditorCommand = 'delete' | 'undo' | 'redo' | 'copy' | 'paste';

/** The parts of a keyboard event a shortcut depends on. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey?: boolean;
}

/**
 * The command a key press means: Delete/Backspace delete; Ctrl or Cmd with Z undo, with
 * Shift+Z or Y redo, with C copy and V paste.
 *
 * @example
 * commandOfKey({ key: 'z', ctrlKey: true, metaKey: false, shiftKey: true }); // 'redo'
 */
export function commandOfKey(press: KeyPress): EditorCommand | undefined {
  if (press.altKey) return undefined;
  const mod = press.ctrlKey || press.metaKey;
  const key = press.key.toLowerCase();
  if (!mod) return !press.shiftKey && (key === 'delete' || key === 'backspace') ? 'delete' : undefined;
  if (key === 'z') return press.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !press.shiftKey) return 'redo';
  if (key === 'c' && !press.shiftKey) return 'copy';
  if (key === 'v' && !press.shiftKey) return 'paste';
  return undefined;
}

/**
 * Whether a key press belongs to a text field, not to the canvas: Backspace in a param input
 * must delete a character, not the selected layer.
 *
 * @example
 * if (isTextEntry(event.target)) return;
 */
export function isTextEntry(target: EventTarget | null): boolean {
  const element = target as { tagName?: string; isContentEditable?: boolean } | null;
  const tag = element?.tagName?.toLowerCase();
  return tag === 'input' || tag === 'textarea' || tag === 'select' || element?.isContentEditable === true;
}
