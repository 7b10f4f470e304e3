import { Component, type ErrorInfo, type ReactNode } from 'react';

interface ErrorBoundaryProps {
  /** Names the panel in the message, e.g. "3D view". */
  area: string;
  /** When this changes the panel tries again (new data may render fine). */
  resetKey?: unknown;
  children: ReactNode;
}

/**
 * Keeps a failing panel from blanking the studio: its error is shown in place and the rest of
 * the app, with the user's work, stays usable.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, { error?: Error; key?: unknown }> {
  override state: { error?: Error; key?: unknown } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: ErrorBoundaryProps, state: { error?: Error; key?: unknown }) {
    return props.resetKey !== state.key ? { error: undefined, key: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`${this.props.area} failed`, error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="studio-panel-error" role="alert">
        <strong>The {this.props.area} could not be shown.</strong>
        <p>{this.state.error.message}</p>
        <button type="button" onClick={() => this.setState({ error: undefined })}>Try again</button>
      </div>
    );
  }
}
