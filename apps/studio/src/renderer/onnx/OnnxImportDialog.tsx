import { AlertTriangle, FileInput } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { ImportProgress } from './onnx-import-protocol.js';
import { summaryRows } from './summary-rows.js';
import type { OnnxImportState } from './useOnnxImport.js';
import './onnx-import.css';

const size = (bytes: number) => (bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** The progress line: what the worker is doing, in bytes read and weights converted. */
function progressText(progress: ImportProgress | undefined): string {
  if (!progress) return 'Starting…';
  const percent = Math.round(progress.fraction * 100);
  if (progress.stage === 'reading') return `Reading ${size(progress.fileBytes)}…`;
  if (progress.stage === 'converting') return `Read ${size(progress.fileBytes)}; converting weights to float32: ${Math.round(((progress.fraction - 0.2) / 0.7) * 100)}% (${percent}% in all)`;
  if (progress.stage === 'checking') return 'Checking the pipeline…';
  return 'Opening…';
}

/**
 * The ONNX import's dialog: progress with Cancel while the worker reads the model, then what was
 * imported (producer, opset, layers by kind, parameters, input and output, what was mapped
 * specially), or why nothing was (one sentence, core's whole message behind Details). Render
 * it only while `state` is not idle.
 */
export function OnnxImportDialog({ state, onCancel, onClose }: { state: OnnxImportState; onCancel(): void; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  // Shown while there is something to show: the studio renders it only then (see App).
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const importing = state.status === 'importing';
  return (
    <dialog
      ref={dialog}
      className="studio-onnx"
      aria-labelledby="onnx-import-title"
      data-testid="onnx-import"
      data-status={state.status}
      // Escape cancels an import that is running, or closes the result.
      onCancel={(event) => {
        event.preventDefault();
        if (importing) onCancel();
        else onClose();
      }}
    >
      {state.status === 'importing' && (
        <>
          <h2 id="onnx-import-title"><FileInput size={16} aria-hidden /> Importing {state.name}</h2>
          <div className="studio-onnx-bar" role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round((state.progress?.fraction ?? 0) * 100)}>
            <span style={{ width: `${Math.round((state.progress?.fraction ?? 0) * 100)}%` }} />
          </div>
          <p className="studio-muted" data-testid="onnx-progress">{progressText(state.progress)}</p>
          <p className="studio-muted">The model is read in the background; the current project stays open until it is done.</p>
          <div className="studio-onnx-actions"><button type="button" onClick={onCancel}>Cancel</button></div>
        </>
      )}
      {state.status === 'failed' && (
        <>
          <h2 id="onnx-import-title"><AlertTriangle size={16} aria-hidden /> Nothing was imported</h2>
          <p className="studio-onnx-error" role="alert" data-testid="onnx-error">{state.failure.headline}</p>
          <details className="studio-onnx-details">
            <summary>Details</summary>
            <pre data-testid="onnx-error-detail">{state.failure.detail}</pre>
          </details>
          <div className="studio-onnx-actions"><button type="button" onClick={onClose}>Close</button></div>
        </>
      )}
      {state.status === 'done' && (
        <>
          <h2 id="onnx-import-title"><FileInput size={16} aria-hidden /> Imported {state.name}</h2>
          <p className="studio-muted">Its pipeline is open in the editor with the file’s weights; every run uses them.</p>
          <dl className="studio-onnx-summary" data-testid="onnx-summary">
            {summaryRows(state.summary).map((row) => (
              <div key={row.label} data-row={row.label}>
                <dt>{row.label}</dt>
                <dd>{row.value}</dd>
              </div>
            ))}
          </dl>
          {(state.summary.notes.length > 0 || state.warnings.length > 0) && (
            <ul className="studio-onnx-notes" aria-label="Mapped specially">
              {state.summary.notes.map((note) => <li key={note} data-testid="onnx-note">{note}</li>)}
              {state.warnings.map((warning) => <li key={warning} className="studio-onnx-warning" data-testid="onnx-warning">{warning}</li>)}
            </ul>
          )}
          <div className="studio-onnx-actions"><button type="button" onClick={onClose} autoFocus>Show the feature maps</button></div>
        </>
      )}
    </dialog>
  );
}
