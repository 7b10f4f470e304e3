import { useCallback, useEffect, useMemo, useRef, useState, type Dispatch } from 'react';
import type { MenuCommand } from '../../shared/ipc-contract.js';
import { parseProject, readProjectContent, type ProjectDocument } from '../../shared/project-schema.js';
import type { StudioView } from '../projects/projects.js';
import type { StudioAction, StudioState } from '../state/studio-state.js';
import { runEditCommand } from './edit-commands.js';
import { useFileShortcuts } from './file-shortcuts.js';
import type { FileEntry, Host, ProjectOpenResult, SaveResult } from './host.js';
import { baselineOf, isDirty, projectDocument, type Baseline } from './project-document.js';
import { useProjectImage } from './useProjectImage.js';

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

/** What the File menu can do, from {@link useHostProject}. */
export interface ProjectFiles {
  /** Whether the work differs from what was last opened or saved. */
  dirty: boolean;
  /** Carries out a File/Edit/View command, as the desktop's native menu does. */
  command(command: MenuCommand): void;
  /** Saves the pixels of the view shown now as a PNG. */
  exportCurrentView(): void;
  listRecent(): Promise<FileEntry[]>;
  openRecent(id: string): void;
  listRecoveryPoints(): Promise<FileEntry[]>;
  openRecoveryPoint(id: string): void;
}

/**
 * Project files and menu commands for either host: open and save `.convstudio.json` (with the
 * image shown, embedded), dirty tracking (title, autosave, close prompt), crash recovery,
 * recent projects, dropping a project on the window, the File/View/Help commands the native
 * menu sends, and in the browser the File shortcuts (Ctrl/Cmd+S, Shift+S, O).
 *
 * @example
 * const files = useHostProject(host, state, dispatch, { openImage, newProject });
 * <FileMenu files={files} />
 */
export function useHostProject(host: Host, state: StudioState, dispatch: Dispatch<StudioAction>, actions: { openImage(): void; newProject(): boolean; openModel?(): void }): ProjectFiles {
  const [baseline, setBaseline] = useState<Baseline>(() => baselineOf(state));
  // Set when the next state is a fresh document (a new or loaded project) and should count as clean.
  const cleanNext = useRef<boolean | 'unsaved'>(false);
  // Whether Save knows where to write (a desktop path, a browser file handle) without asking.
  const hasPath = useRef(false);
  const stateRef = useRef(state);
  const actionsRef = useRef(actions);
  useEffect(() => {
    stateRef.current = state;
    actionsRef.current = actions;
  });
  const { embedded, withImage, restore } = useProjectImage(state, dispatch);

  const document = useMemo(() => ({ ...projectDocument(state), ...(embedded ? { image: embedded } : {}) }), [state, embedded]);
  const dirty = isDirty(state, baseline);
  // A loaded or new project starts clean (recovered work starts unsaved); so does a built-in
  // project opened from the toolbar, seen here as a change of project id (and Save then asks where).
  const lastProjectId = useRef(state.projectId);
  useEffect(() => {
    if (cleanNext.current) setBaseline(cleanNext.current === 'unsaved' ? undefined : baselineOf(state));
    else if (lastProjectId.current !== state.projectId) {
      setBaseline(baselineOf(state));
      hasPath.current = false;
    }
    cleanNext.current = false;
    lastProjectId.current = state.projectId;
  }, [state]);
  useEffect(() => host.documentChanged({ dirty, title: state.title, project: document }), [host, dirty, state.title, document]);

  const notify = useCallback((message: string) => dispatch({ type: 'notify', message }), [dispatch]);
  const load = useCallback((project: ProjectDocument, options: { path: boolean; clean: boolean }) => {
    cleanNext.current = options.clean ? true : 'unsaved';
    hasPath.current = options.path;
    dispatch({ type: 'loadSaved', project });
    void restore(project);
  }, [dispatch, restore]);
  const report = useCallback((result: SaveResult, what: string) => {
    if (result.status === 'error') notify(`${what} failed: ${result.message}`);
    if (result.status === 'saved' && result.message) notify(result.message);
    return result.status === 'saved';
  }, [notify]);
  const opened = useCallback((result: ProjectOpenResult, clean = true) => {
    if (result.status === 'opened') {
      load(result.project, { path: result.path !== undefined, clean });
      if (result.message) notify(result.message);
    } else if (result.status === 'error') notify(result.message);
  }, [load, notify]);

  const save = useCallback(async (saveAs: boolean, closeAfter = false) => {
    const current = stateRef.current;
    // Checked here too, so the user reads what to fix rather than a refused IPC message.
    const valid = parseProject(projectDocument(current));
    if (!valid.ok) return notify(`The project cannot be saved until its pipeline is valid: ${valid.error.replace(/^the project's pipeline is invalid: /, '')}`);
    const { project, notice } = await withImage(projectDocument(current), current);
    const result = await host.saveProject(project, { saveAs: saveAs || !hasPath.current, ...(closeAfter ? { closeAfter } : {}) });
    if (report(result, 'Saving the project')) {
      // A download leaves no file to write again: the next Save asks (downloads) again.
      hasPath.current = result.status === 'saved' && result.path !== undefined;
      setBaseline(baselineOf(current));
      if (notice) notify(notice);
    }
  }, [host, withImage, notify, report]);

  const exportView = useCallback(async (view: StudioView | undefined, name: string) => {
    if (view) dispatch({ type: 'setView', view });
    await nextFrame();
    const element = globalThis.document.querySelector('.studio-view');
    if (element) report(await host.exportView(element.getBoundingClientRect(), name), 'Export');
  }, [dispatch, host, report]);

  const onCommand = useCallback((command: MenuCommand) => {
    const run: Record<MenuCommand, () => void | Promise<void>> = {
      new: () => {
        // newProject may be declined (unsaved changes): only an opened project starts clean.
        cleanNext.current = true;
        if (actionsRef.current.newProject()) hasPath.current = false;
        else cleanNext.current = false;
      },
      'open-image': () => actionsRef.current.openImage(),
      'open-pipeline': async () => opened(await host.openProject()),
      'open-model': () => actionsRef.current.openModel?.(),
      save: () => save(false),
      'save-and-close': () => save(false, true),
      'save-as': () => save(true),
      'export-maps': () => exportView('maps', 'feature-maps.png'),
      'export-figure': () => exportView('figure', 'figure.png'),
      undo: () => runEditCommand('undo'),
      redo: () => runEditCommand('redo'),
      'view-2d': () => dispatch({ type: 'setView', view: 'maps' }),
      'view-3d': () => dispatch({ type: 'setView', view: 'stack' }),
      'show-document': () => dispatch({ type: 'setView', view: 'figure' }),
    };
    void run[command]();
  }, [dispatch, exportView, host, opened, save]);

  useEffect(() => host.subscribe({ command: onCommand, projectOpened: (project) => load(project, { path: true, clean: true }), notice: notify }), [host, onCommand, load, notify]);
  useFileShortcuts(host.kind === 'browser', onCommand);

  // Once per mount, even where StrictMode runs effects twice: recovery hands the work back once.
  const askedRecovery = useRef(false);
  useEffect(() => {
    if (askedRecovery.current) return;
    askedRecovery.current = true;
    void host.recover().then((result) => {
      if (result.status === 'recovered') {
        load(result.project, { path: false, clean: false });
        notify(`Recovered unsaved work from ${new Date(result.savedAt).toLocaleString()}; save it to keep it.`);
      } else if (result.status === 'error') notify(result.message);
      if (result.status !== 'error') result.notes?.forEach(notify);
    });
  }, [host, load, notify]);

  // A dropped .convstudio.json opens as a project; images go on to the image drop handler.
  useEffect(() => {
    const onDrop = async (event: DragEvent) => {
      const file = event.dataTransfer?.files[0];
      if (!file || !file.name.toLowerCase().endsWith('.json')) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      // Core's reader; a project whose weights sit in a file beside it says so (a drop brings one file).
      const result = await readProjectContent(new Uint8Array(await file.arrayBuffer()), file.name);
      if (result.ok) load(result.project, { path: false, clean: true });
      else notify(result.error);
    };
    const listener = (event: DragEvent) => void onDrop(event);
    window.addEventListener('drop', listener, { capture: true });
    return () => window.removeEventListener('drop', listener, { capture: true });
  }, [load, notify]);

  const exportCurrentView = useCallback(() => void exportView(undefined, `${stateRef.current.view}.png`), [exportView]);
  const openRecent = useCallback((id: string) => void host.openRecent(id).then((r) => opened(r)), [host, opened]);
  // A recovery point is work that was never saved: it opens unsaved.
  const openRecoveryPoint = useCallback((id: string) => void host.openRecoveryPoint(id).then((r) => opened(r, false)), [host, opened]);
  const listRecent = useCallback(() => host.listRecent(), [host]);
  const listRecoveryPoints = useCallback(() => host.listRecoveryPoints(), [host]);
  return { dirty, command: onCommand, exportCurrentView, listRecent, openRecent, listRecoveryPoints, openRecoveryPoint };
}
