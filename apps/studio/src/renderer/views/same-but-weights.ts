import type { Pipeline } from '@convstudio/core';

/**
 * Whether two pipelines differ at most in their nodes' weights (a kernel edit): the same edges
 * array, and each node the same object or one whose other fields are the same values. Views that
 * show a run's values, not the document's weights, need not re-render for such a change.
 *
 * @example
 * sameButWeights(pipeline, withWeightEdits(pipeline, 'conv1', base, [[0, 1]])); // true
 */
export function sameButWeights(a: Pipeline, b: Pipeline): boolean {
  if (a === b) return true;
  if (a.edges !== b.edges || a.nodes.length !== b.nodes.length) return false;
  return a.nodes.every((node, i) => {
    const other = b.nodes[i] as Record<string, unknown>;
    if (node === other) return true;
    const keys = Object.keys(node).filter((k) => k !== 'weight');
    return keys.length === Object.keys(other).filter((k) => k !== 'weight').length && keys.every((k) => (node as Record<string, unknown>)[k] === other[k]);
  });
}

/** Grids of up to this many maps are drawn at once wherever they are; larger ones when scrolled near. */
const ALWAYS_DRAWN_MAPS = 32;
const tileSizeOf = (node: PipelineNode) => (node.kind === 'input' ? 128 : 72);

/**
 * One node's maps under its name. A grid of many maps (AlexNet's layers: 96 to 256 each, 3,000
 * canvases in all) waits until it comes near the scroller's view, in a placeholder about its
 * height: building and drawing every grid at once took seconds before conv1 showed.
 */
function MapsSection({ node, tensor, selected, scroller, scrollerWidth, sectionRef, onSelectNode, children }: { node: PipelineNode; tensor?: Tensor; selected: boolean; scroller: HTMLElement | null; scrollerWidth?: number; sectionRef?: (element: HTMLElement | null) => void; onSelectNode(id: string): void; children: ReactNode }) {
  const [element, setElement] = useState<HTMLElement | null>(null);
  const maps = tensor ? (tensor.rank === 4 ? Math.min(tensor.shape[1], DEFAULT_MAX_TILES) : 1) : 0;
  const seen = useSeen(element, scroller, maps <= ALWAYS_DRAWN_MAPS);
  const ref = useCallback((el: HTMLElement | null) => {
    setElement(el);
    sectionRef?.(el);
  }, [sectionRef]);
  const size = tileSizeOf(node);
  const columns = Math.max(1, Math.floor(((scrollerWidth ?? 600) - 16) / (size + 12)));
  return (
    <section className={`studio-maps-node${selected ? ' studio-selected' : ''}`} data-testid="maps-node" data-node-id={node.id} data-drawn={seen} ref={ref}>
      <h3>
        <button type="button" className="studio-link" onClick={() => onSelectNode(node.id)}>{node.id}</button>{' '}
        <span className="studio-muted">{node.kind}{tensor ? ` · ${tensor.shape.slice(1).join('×')}` : ''}</span>
      </h3>
      {seen ? children : <p className="studio-muted" style={{ minHeight: Math.ceil(maps / columns) * (size + 24) + 70 }}>{maps} maps, drawn when scrolled into view</p>}
    </section>
  );
}
