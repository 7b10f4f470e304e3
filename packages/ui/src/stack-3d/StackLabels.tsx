import type { CSSProperties } from 'react';
import type { NodeStackLayout } from './layout.js';
import type { StackScreen } from './stack-screen.js';

/** Props of {@link StackLabels}. */
export interface StackLabelsProps {
  stacks: readonly NodeStackLayout[];
  /** Each stack's category ("Convolution", ...), for its label's hue (`data-group`, as in the palette). */
  groups: readonly (string | undefined)[];
  /** The label elements are handed to the scene through `screen.labels`, which moves them. */
  screen: StackScreen;
}

// The scene is always dark, whatever the page's theme: the labels are light on dark.
const LAYER: CSSProperties = { position: 'absolute', inset: 0, pointerEvents: 'none', overflow: 'hidden' };
const LABEL: CSSProperties = {
  position: 'absolute',
  left: 0,
  top: 0,
  visibility: 'hidden',
  whiteSpace: 'nowrap',
  font: '600 12px/1.3 var(--cs-font, system-ui, sans-serif)',
  color: '#e8eaf0',
  background: 'rgba(16, 18, 22, 0.82)',
  borderLeft: '3px solid var(--cs-cat, #7a8494)',
  borderRadius: 3,
  padding: '1px 6px 2px 5px',
};
const NOTE: CSSProperties = { display: 'block', fontWeight: 400, fontSize: 11, color: '#a9b0bb' };

/**
 * Each stack's caption as a DOM label over the canvas: crisp text at a fixed size however far
 * the stack is. The scene places them every frame (see StackProjector) and hides those that
 * would overlap; React renders them once per layout.
 *
 * @example
 * <StackLabels stacks={layout.stacks} groups={groups} screen={screen} />
 */
export function StackLabels({ stacks, groups, screen }: StackLabelsProps) {
  return (
    <div style={LAYER}>
      {stacks.map((stack, i) => (
        <div
          key={stack.id}
          ref={(element) => {
            screen.labels[i] = element;
          }}
          style={LABEL}
          data-testid="stack-label"
          data-stack-id={stack.id}
          data-group={groups[i]}
        >
          {stack.caption}
          {stack.note && <span style={NOTE}>{stack.note}</span>}
        </div>
      ))}
    </div>
  );
}
