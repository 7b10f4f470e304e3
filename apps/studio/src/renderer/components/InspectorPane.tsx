import { PanelRightClose, PanelRightOpen } from 'lucide-react';

/** Props of {@link InspectorPane}. */
export interface InspectorPaneProps {
  collapsed: boolean;
  onToggle(): void;
  /** Where the editor portals the selected layer's fields and kernels (kept mounted while collapsed). */
  bodyRef(element: HTMLElement | null): void;
}

/**
 * The Layer inspector's pane: a title with a button that folds the pane to a thin strip (more room
 * for the views on a 1024-pixel screen) and a body the editor fills. Folded, the strip keeps one
 * button to bring it back; the body stays in the page, hidden, so the editor's portal and the
 * kernels' draft text survive.
 */
export function InspectorPane({ collapsed, onToggle, bodyRef }: InspectorPaneProps) {
  const label = collapsed ? 'Show the layer panel' : 'Hide the layer panel';
  const Icon = collapsed ? PanelRightOpen : PanelRightClose;
  return (
    <aside className="studio-pane studio-inspector" aria-label="Inspector" data-testid="inspector" data-collapsed={collapsed ? 'yes' : 'no'}>
      <div className="studio-pane-head">
        {!collapsed && <h2 className="studio-pane-title">Layer</h2>}
        <button type="button" className="cs-button studio-inspector-toggle" aria-label={label} title={label} aria-expanded={!collapsed} onClick={onToggle} data-testid="inspector-toggle">
          <Icon size={14} aria-hidden />
        </button>
      </div>
      <div className="studio-inspector-body" ref={bodyRef} hidden={collapsed} />
    </aside>
  );
}
