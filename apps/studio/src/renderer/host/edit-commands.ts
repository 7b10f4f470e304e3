import { isTextEntry } from '@convstudio/ui';

/**
 * Carries out the Edit menu's Undo or Redo: in the text field being typed in, the browser's own
 * undo; anywhere else, the pipeline editor's, by handing it the shortcut it already listens to
 * (so the editor keeps one history and one code path for keys and menu alike).
 *
 * @example
 * runEditCommand('undo'); // after deleting a layer: the layer is back
 */
export function runEditCommand(command: 'undo' | 'redo', doc: Document = document): void {
  if (isTextEntry(doc.activeElement)) {
    // Deprecated but the only way to reach an input's native undo stack from script.
    doc.execCommand(command);
    return;
  }
  const editor = doc.querySelector('[data-testid=pipeline-editor]');
  editor?.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, shiftKey: command === 'redo', bubbles: true, cancelable: true }));
}
