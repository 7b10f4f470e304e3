// Runs in the page before its own scripts (addInitScript): notes every long task of the main
// thread (over 50 ms, the browser's PerformanceObserver "longtask" entries) and, once armed,
// when the page reached two marks after a start: `graph` (an element appears) and `done` (the
// run status went through a run and says done again). It only observes.

declare global {
  interface Window {
    __mainThread?: {
      longTasks: { start: number; duration: number }[];
      watch?: { start: number; graphSelector: string; graph?: number; running?: boolean; done?: number; failed?: string };
    };
  }
}

export const MAIN_THREAD_INIT = `(() => {
  const state = (window.__mainThread = { longTasks: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const check = () => {
    const w = state.watch;
    if (!w) return;
    const now = performance.now();
    if (w.graph === undefined && document.querySelector(w.graphSelector)) w.graph = now;
    const status = document.querySelector('[data-testid=run-status]');
    const s = status && status.dataset ? status.dataset.status : undefined;
    if (s === 'failed') w.failed = (document.querySelector('[data-testid=run-error]') || {}).textContent || 'failed';
    if (s && s !== 'done') w.running = true;
    if (w.graph !== undefined && w.running && s === 'done' && w.done === undefined) w.done = now;
  };
  const start = () => new MutationObserver(check).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'data-node-id'] });
  if (document.documentElement) start(); else addEventListener('DOMContentLoaded', start);
})();`;

/** Arms the watch in the page: the start is now, `graph` when `graphSelector` matches. Returns the page's start time. */
export const armWatch = (graphSelector: string) => `(() => {
  window.__mainThread.watch = { start: performance.now(), graphSelector: ${JSON.stringify(graphSelector)} };
  return window.__mainThread.watch.start;
})()`;

/** What the main thread did between `start` and `end` (page times): long tasks summed and the longest. */
export function longTasksBetween(tasks: readonly { start: number; duration: number }[], start: number, end: number): { totalMs: number; longestMs: number; count: number } {
  const inside = tasks.filter((t) => t.start >= start - 1 && t.start <= end);
  return { totalMs: inside.reduce((n, t) => n + t.duration, 0), longestMs: inside.reduce((m, t) => Math.max(m, t.duration), 0), count: inside.length };
}
