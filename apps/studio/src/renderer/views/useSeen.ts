import { useLayoutEffect, useState } from 'react';

/** How far outside the scroller's visible part an element counts as near, in CSS pixels. */
export const NEAR_PX = 1500;

/**
 * Whether `element` has come within {@link NEAR_PX} of what `root` (a scroller) shows; once
 * true it stays true. `always` skips the wait. Checked in a layout effect first, so an element
 * already near renders its content before the first paint (waiting for an IntersectionObserver
 * costs a frame, and frames come slowly while the pipeline worker holds the CPU); after that an
 * IntersectionObserver watches for scrolling. Where it is missing (happy-dom) everything counts
 * as seen.
 *
 * @example
 * const [element, setElement] = useState<HTMLElement | null>(null);
 * const seen = useSeen(element, scroller, channels <= 32);
 */
export function useSeen(element: Element | null, root: Element | null, always: boolean): boolean {
  const [seen, setSeen] = useState(false);
  const done = seen || always;
  useLayoutEffect(() => {
    if (done || !element || !root) return;
    // One re-render before the paint is the point here: a near grid shows in the same frame.
    if (typeof IntersectionObserver === 'undefined' || isNear(element, root)) return setSeen(true); // eslint-disable-line react-hooks/set-state-in-effect
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setSeen(true), { root, rootMargin: `${NEAR_PX}px 0px` });
    observer.observe(element);
    return () => observer.disconnect();
  }, [done, element, root]);
  return done;
}

function isNear(element: Element, root: Element): boolean {
  const box = element.getBoundingClientRect();
  const view = root.getBoundingClientRect();
  return box.top < view.bottom + NEAR_PX && box.bottom > view.top - NEAR_PX;
}
