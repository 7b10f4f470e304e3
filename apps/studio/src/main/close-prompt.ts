/** What the user chose when closing with unsaved changes. */
export type ClosePromptChoice = 'save' | 'discard' | 'cancel';

/** The message box options used, a subset of Electron's `MessageBoxOptions`. */
export interface ClosePromptOptions {
  type: 'warning';
  buttons: string[];
  defaultId: number;
  cancelId: number;
  title: string;
  message: string;
  detail: string;
}

/**
 * Asks whether to save before closing, through `show` (Electron's `dialog.showMessageBox`).
 *
 * @example
 * const choice = await closePrompt((o) => dialog.showMessageBox(win, o)); // 'save' | 'discard' | 'cancel'
 */
export async function closePrompt(show: (options: ClosePromptOptions) => Promise<{ response: number }>): Promise<ClosePromptChoice> {
  const { response } = await show({
    type: 'warning',
    buttons: ['Save', 'Don’t Save', 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    title: 'Unsaved changes',
    message: 'Save the changes to this project before closing?',
    detail: 'Your changes will be lost if you don’t save them.',
  });
  return (['save', 'discard', 'cancel'] as const)[response] ?? 'cancel';
}
