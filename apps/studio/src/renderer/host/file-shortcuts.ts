import { useEffect } from 'react';

/** The File commands that have keyboard shortcuts, as on the desktop's menus. */
export type FileShortcut = 'save' | 'save-as' | 'open-pipeline' | 'open-model';

/** How the File menu writes each shortcut, for this platform (⌘ on Apple systems). */
export function shortcutLabel(command: FileShortcut, apple = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '')): string {
  const mod = apple ? '⌘' : 'Ctrl+';
  return { save: `${mod}S`, 'save-as': `${apple ? '⇧⌘' : 'Ctrl+Shift+'}S`, 'open-pipeline': `${mod}O`, 'open-model': apple ? '⌥⌘O' : 'Ctrl+Alt+O' }[command];
}

/**
 * The File command a key press asks for: Ctrl/Cmd+S, Ctrl/Cmd+Shift+S, Ctrl/Cmd+O, Ctrl/Cmd+Alt+O
 * (Open Model, as the desktop's menu; the physical O key, since Alt changes the character on Apple
 * keyboards). Nothing else,
 * so every other key (in text fields too) keeps its usual meaning.
 *
 * @example
 * fileShortcut({ key: 's', ctrlKey: true, metaKey: false, shiftKey: true, altKey: false }); // 'save-as'
 */
export function fileShortcut(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'> & { code?: string }): FileShortcut | undefined {
  if (!(event.ctrlKey || event.metaKey)) return undefined;
  if (event.altKey) return event.code === 'KeyO' && !event.shiftKey ? 'open-model' : undefined;
  const key = event.key.toLowerCase();
  if (key === 's') return event.shiftKey ? 'save-as' : 'save';
  if (key === 'o' && !event.shiftKey) return 'open-pipeline';
  return undefined;
}

/**
 * Listens for the File shortcuts wherever focus is (capturing, before any element sees them) and
 * keeps the browser's own Save Page and Open File from running. The desktop's menu accelerators
 * do this there, so the hook is enabled in the browser only.
 */
export function useFileShortcuts(enabled: boolean, run: (command: FileShortcut) => void): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const command = fileShortcut(event);
      if (!command) return;
      event.preventDefault();
      event.stopPropagation();
      if (!event.repeat) run(command);
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [enabled, run]);
}
