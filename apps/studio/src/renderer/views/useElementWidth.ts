import { useEffect, useState } from 'react';

/**
 * The content width of an element, followed as panes are resized (a ResizeObserver), so a view
 * can size its tiles to the space it has instead of overflowing it.
 *
 * @example
 * const [element, setElement] = useState<HTMLElement | null>(null);
 * const width = useElementWidth(element);
 */
export function useElementWidth(element: HTMLElement | null): number | undefined {
  const [width, setWidth] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return width;
}
