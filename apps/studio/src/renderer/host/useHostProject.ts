import { useCallback, useEffect, useMemo, useRef, useState, type Dispatch } from 'react';
import type { MenuCommand } from '../../shared/ipc-contract.js';
import { parseProject, parseProjectText, type ProjectDocument } from '../../shared/project-schema.js';
import type { StudioAction, StudioState } from '../state/studio-state.js';
import { runEditCommand } from './edit-commands.js';
import type { Host, SaveResult } from './host.js';
import { baselineOf, isDirty, projectDocument, type Baseline } from './project-document.js';

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

/**
 * Project files and menu commands for either host: open and save `.convstudio.json`, dirty
 * tracking (title, autosave and close prompt on the desktop), crash recovery, dropping a
 * project on the window, and the File/View/Help commands the native menu sends. Returns whether
 * the work differs from what was last opened or saved.
 *
 * @example
 * useHostProject(host, state, dispatch, { openImage, newProject });
 */
export function useHostProject(host: Host, state: StudioState, dispatch: Dispatch<StudioAction>, actions: { openImage(): void; newProject(): boolean }): { dirty: boolean } {
  const [baseline, setBaseline] = useState<Baseline>(() => baselineOf(state));
  // Set when the next state is a fresh document (a new or loaded project) and should count as clean.
  const cleanNext = useRef<boolean | 'unsaved'>(false);
  // Whether Save knows where to write (desktop: main remembers the path of the open file).
  const hasPath = useRef(false);
  const stateRef = useRef(state);
  const actionsRef = useRef(actions);
  useEffect(() => {
    stateRef.current = state;
    actionsRef.current = actions;
  });

  const document = useMemo(() => projectDocument(state), [state]);
  const dirty = isDirty(state, baseline);
  // A loaded or new project starts clean (recovered work starts unsaved); so does a built-in
  // project opened from the toolbar, seen here as a change of project id.
  const lastProjectId = useRef(state.projectId);
  useEffect(() => {
    if (cleanNext.current) setBaseline(cleanNext.current === 'unsaved' ? undefined : baselineOf(state));
    else if (lastProjectId.current !== state.projectId) setBaseline(baselineOf(state));
    cleanNext.current = false;
    lastProjectId.current = state.projectId;
  }, [state]);
  useEffect(() => host.documentChanged({ dirty, title: state.title, project: document }), [host, dirty, state.title, document]);

  const notify = useCallback((message: string) => dispatch({ type: 'notify', message }), [dispatch]);
  const load = useCallback((project: ProjectDocument, options: { path: boolean; clean: boolean }) => {
    cleanNext.current = options.clean ? true : 'unsaved';
    hasPath.current = options.path;
    dispatch({ type: 'loadSaved', project });
  }, [dispatch]);
  const report = useCallback((result: SaveResult, what: string) => {
    if (result.status === 'error') notify(`${what} failed: ${result.message}`);
    return result.status === 'saved';
  }, [notify]);

  const save = useCallback(async (saveAs: boolean, closeAfter = false) => {
    const current = stateRef.current;
    const project = projectDocument(current);
    // Checked here too, so the user reads what to fix rather than a refused IPC message.
    const valid = parseProject(project);
    if (!valid.ok) return notify(`The project cannot be saved until its pipeline is valid: ${valid.error.replace(/^the project's pipeline is invalid: /, '')}`);
    const result = await host.saveProject(project, { saveAs: saveAs || !hasPath.current, ...(closeAfter ? { closeAfter } : {}) });
    if (report(result, 'Saving the project') && host.kind === 'desktop') {
      hasPath.current = true;
      setBaseline(baselineOf(current));
    }
  }, [host, notify, report]);

  const exportView = useCallback(async (view: 'maps' | 'figure', name: string) => {
    dispatch({ type: 'setView', view });
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
      'open-pipeline': async () => {
        const result = await host.openProject();
        if (result.status === 'opened') load(result.project, { path: result.path !== undefined, clean: true });
        else if (result.status === 'error') notify(result.message);
      },
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
  }, [dispatch, exportView, host, load, notify, save]);

  useEffect(() => host.subscribe({ command: onCommand, projectOpened: (project) => load(project, { path: true, clean: true }), notice: notify }), [host, onCommand, load, notify]);

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
    });
  }, [host, load, notify]);

  // A dropped .convstudio.json opens as a project; images go on to the image drop handler.
  useEffect(() => {
    const onDrop = async (event: DragEvent) => {
      const file = event.dataTransfer?.files[0];
      if (!file || !file.name.toLowerCase().endsWith('.json')) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      const result = parseProjectText(await file.text());
      if (result.ok) load(result.project, { path: false, clean: true });
      else notify(`${file.name}: ${result.error}`);
    };
    const listener = (event: DragEvent) => void onDrop(event);
    window.addEventListener('drop', listener, { capture: true });
    return () => window.removeEventListener('drop', listener, { capture: true });
  }, [load, notify]);
  return { dirty };
}
