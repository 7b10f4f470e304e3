import type { LiveRun } from '../run/useLiveRun.js';

/** Notices (scaled images, backend fallbacks) and the last run's error, each dismissible or self-clearing. */
export function StatusBar({ notices, run, onDismiss }: { notices: string[]; run: LiveRun; onDismiss(index: number): void }) {
  return (
    <footer className="studio-status" aria-live="polite">
      {run.status === 'failed' && run.failure && (
        <p className="studio-status-error" role="alert" data-testid="run-error">{run.failure.message}</p>
      )}
      {notices.map((notice, index) => (
        <p key={notice} className="studio-status-notice" data-testid="notice">
          {notice} <button type="button" aria-label="Dismiss" onClick={() => onDismiss(index)}>×</button>
        </p>
      ))}
    </footer>
  );
}
