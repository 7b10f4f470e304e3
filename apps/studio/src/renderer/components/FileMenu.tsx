import { Boxes, ChevronDown, FilePlus, FolderOpen, History, ImageDown, ImagePlus, LifeBuoy, Save, SaveAll } from 'lucide-react';
import { useCallback, useEffect, useId, useRef, useState, type ComponentType, type KeyboardEvent } from 'react';
import { shortcutLabel, type FileShortcut } from '../host/file-shortcuts.js';
import type { FileEntry } from '../host/host.js';
import type { ProjectFiles } from '../host/useHostProject.js';
import './file-menu.css';

type Icon = ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
interface Item {
  id: string;
  label: string;
  icon?: Icon;
  shortcut?: FileShortcut;
  detail?: string;
  disabledReason?: string;
  run(): void;
}
// aria-keyshortcuts names keys the way the platform's users press them.
const ariaKeys: Record<FileShortcut, string> = { save: 'Control+S Meta+S', 'save-as': 'Control+Shift+S Meta+Shift+S', 'open-pipeline': 'Control+O Meta+O', 'open-model': 'Control+Alt+O Meta+Alt+O' };

function MenuItem({ item, onChoose }: { item: Item; onChoose(item: Item): void }) {
  const Icon = item.icon;
  return (
    <li role="none">
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        className="file-menu-item"
        data-testid="file-menu-item"
        data-item={item.id}
        aria-disabled={item.disabledReason ? true : undefined}
        title={item.disabledReason ?? item.detail}
        aria-keyshortcuts={item.shortcut ? ariaKeys[item.shortcut] : undefined}
        onClick={() => !item.disabledReason && onChoose(item)}
      >
        <span className="file-menu-icon">{Icon && <Icon size={14} aria-hidden />}</span>
        <span className="file-menu-label">
          {item.label}
          {item.detail && <small className="file-menu-detail">{item.detail}</small>}
        </span>
        {item.shortcut && <kbd className="file-menu-kbd">{shortcutLabel(item.shortcut)}</kbd>}
      </button>
    </li>
  );
}

function Group({ label, items, empty, onChoose }: { label: string; items: Item[]; empty: string; onChoose(item: Item): void }) {
  return (
    <li role="none">
      <ul role="group" aria-label={label} className="file-menu-group">
        <li role="none" aria-hidden className="file-menu-heading">{label}</li>
        {items.length > 0 ? items.map((item) => <MenuItem key={item.id} item={item} onChoose={onChoose} />) : <li role="none" aria-hidden className="file-menu-empty">{empty}</li>}
      </ul>
    </li>
  );
}

const entryItems = (entries: FileEntry[], prefix: string, icon: Icon, open: (id: string) => void): Item[] =>
  entries.map((e) => ({ id: `${prefix}:${e.id}`, label: e.label, icon, ...(e.detail ? { detail: e.detail } : {}), ...(e.unavailable ? { disabledReason: e.unavailable } : {}), run: () => open(e.id) }));

/**
 * The toolbar's File menu: new, open and save projects (with their shortcuts), open an image,
 * export the view as PNG, and the recent projects and recovery points, which it reads each time
 * it opens. A menu button as WAI-ARIA describes it: arrow keys, Home and End move, Escape closes.
 *
 * @example
 * <FileMenu files={useHostProject(host, state, dispatch, actions)} />
 */
export function FileMenu({ files }: { files: ProjectFiles }) {
  const [open, setOpen] = useState(false);
  const [lists, setLists] = useState<{ recent: FileEntry[]; recovery: FileEntry[]; error?: string }>({ recent: [], recovery: [] });
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const menuId = useId();

  const close = useCallback((focusButton: boolean) => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  }, []);
  useEffect(() => {
    if (!open) return;
    let live = true;
    Promise.all([files.listRecent(), files.listRecoveryPoints()]).then(
      ([recent, recovery]) => live && setLists({ recent, recovery }),
      (error: Error) => live && setLists({ recent: [], recovery: [], error: `The recent projects could not be read: ${error.message}` }),
    );
    menu.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node)) close(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      live = false;
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open, files, close]);

  const choose = (item: Item) => {
    close(true);
    item.run();
  };
  const commands: Item[] = [
    { id: 'new', label: 'New project', icon: FilePlus, run: () => files.command('new') },
    { id: 'open', label: 'Open project…', icon: FolderOpen, shortcut: 'open-pipeline', run: () => files.command('open-pipeline') },
    { id: 'open-model', label: 'Open model (ONNX)…', icon: Boxes, shortcut: 'open-model', run: () => files.command('open-model') },
    { id: 'save', label: 'Save', icon: Save, shortcut: 'save', run: () => files.command('save') },
    { id: 'save-as', label: 'Save as…', icon: SaveAll, shortcut: 'save-as', run: () => files.command('save-as') },
    { id: 'open-image', label: 'Open image…', icon: ImagePlus, run: () => files.command('open-image') },
    { id: 'export', label: 'Export view as PNG…', icon: ImageDown, run: files.exportCurrentView },
  ];
  const recent = entryItems(lists.recent, 'recent', History, files.openRecent);
  const recovery = entryItems(lists.recovery, 'recovery', LifeBuoy, files.openRecoveryPoint);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const move = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[event.key];
    if (move !== undefined) {
      event.preventDefault();
      items[(move + items.length) % items.length]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    } else if (event.key === 'Tab') close(false);
  };

  return (
    <div className="file-menu" data-testid="file-menu">
      <button
        ref={button}
        type="button"
        className="file-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        data-testid="file-menu-button"
        aria-label={files.dirty ? 'File (unsaved changes)' : 'File'}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        File{files.dirty && <span className="file-menu-dirty" aria-hidden title="Unsaved changes">•</span>} <ChevronDown size={14} aria-hidden />
      </button>
      {open && (
        <ul ref={menu} id={menuId} role="menu" aria-label="File" className="file-menu-list" onKeyDown={onKeyDown}>
          {commands.map((item) => <MenuItem key={item.id} item={item} onChoose={choose} />)}
          <li role="separator" className="file-menu-separator" />
          <Group label="Recent" items={recent} empty={lists.error ?? 'Projects you open or save appear here.'} onChoose={choose} />
          {recovery.length > 0 && <Group label="Recovery points" items={recovery} empty="" onChoose={choose} />}
        </ul>
      )}
    </div>
  );
}
