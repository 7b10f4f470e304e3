// The part of the edit-latency benchmark that runs inside the page. Kept as source text, not a
// function: tsx wraps named functions in a `__name` helper the page does not have.

/** What to time: the input that starts the clock and the canvases whose pixels stop it. */
export interface ChangeWatch {
  /** Canvases to watch; the first one (of the given size) is read every frame. */
  selector: string;
  /** 'keydown': the next keydown's timeStamp; 'project': the probe itself picks `project` in the Project select. */
  startOn: 'keydown' | 'project';
  project?: string;
  /** When set, only canvases of this size count (AlexNet's conv1 maps, not the previous project's). */
  width?: number;
  height?: number;
}

/** Where one timed input's milliseconds went, each measured from the input (see {@link PHASES_INIT}). */
export interface Phases {
  /** The page handed the run request to the pipeline worker. */
  posted?: number;
  /** The worker's first leading-layers ('partial') message reached the page. */
  partial?: number;
  /** The worker's result reached the page. */
  result?: number;
  /** The first canvas draw (putImageData) after the result or partial message. */
  drawn?: number;
}

declare global {
  interface Window {
    __editLatency?: { result?: number; start?: number; phases?: Phases };
  }
}

const PROBE = String.raw`
(watch) => {
  const state = { result: undefined, start: undefined, phases: {} };
  window.__editLatency = state;
  const signature = () => {
    // The first matching canvas only (channel 0, the map the typed cell "out 0, in 0" changes):
    // a grid's tiles are drawn in one commit, and reading AlexNet's 96 conv1 tiles back every
    // frame cost the page more main-thread time than the studio's own work.
    const first = Array.from(document.querySelectorAll(watch.selector)).find((c) =>
      (watch.width === undefined || c.width === watch.width) && (watch.height === undefined || c.height === watch.height));
    const canvases = first ? [first] : [];
    if (canvases.length === 0) return 'none';
    let hash = 2166136261 >>> 0;
    let drawn = false;
    for (const canvas of canvases) {
      const context = canvas.getContext('2d');
      if (!context) continue;
      const words = new Uint32Array(context.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
      for (let i = 0; i < words.length; i++) {
        if (words[i] !== 0) drawn = true;
        hash = Math.imul(hash ^ words[i], 16777619) >>> 0;
      }
    }
    return drawn ? canvases.length + ':' + hash : 'blank';
  };
  const baseline = watch.startOn === 'project' ? 'none' : signature();
  const frame = () => {
    if (state.start !== undefined) {
      if (watch.startOn === 'project') {
        const maps = document.querySelector('button[data-view=maps]');
        if (maps && maps.getAttribute('aria-pressed') !== 'true') maps.click();
      }
      const now = signature();
      if (now !== baseline && now !== 'none' && now !== 'blank') {
        state.result = performance.now() - state.start;
        return;
      }
    }
    requestAnimationFrame(frame);
  };
  if (watch.startOn === 'keydown') {
    const onKey = (event) => {
      window.removeEventListener('keydown', onKey, true);
      state.start = event.timeStamp;
    };
    window.addEventListener('keydown', onKey, true);
  }
  requestAnimationFrame(frame);
  if (watch.startOn === 'project') {
    const select = Array.from(document.querySelectorAll('select')).find((s) => s.getAttribute('aria-label') === 'Project' || (s.labels && Array.from(s.labels).some((l) => l.textContent.trim() === 'Project')));
    if (!select) throw new Error('edit-latency probe: no Project select');
    state.start = performance.now();
    select.value = watch.project;
    select.dispatchEvent(new Event('input', { bubbles: true }));
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }
}`;

/**
 * Run before the studio's own scripts (`page.addInitScript`): marks when the page posts a run
 * to its pipeline worker, when partial and whole results come back, and when a canvas is next
 * drawn, in the armed probe's `phases` (milliseconds from its input). Only reads and forwards:
 * the messages and draws are the studio's own.
 */
export const PHASES_INIT = String.raw`
(() => {
  const mark = (name) => {
    const state = window.__editLatency;
    if (!state || state.start === undefined || state.result !== undefined || state.phases[name] !== undefined) return;
    state.phases[name] = performance.now() - state.start;
  };
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(url, options) {
      super(url, options);
      this.addEventListener('message', (event) => {
        const type = event.data && event.data.type;
        if (type === 'partial' || type === 'result') mark(type);
      });
    }
    postMessage(message, transfer) {
      if (message && message.type === 'run') mark('posted');
      return super.postMessage(message, transfer);
    }
  };
  const put = CanvasRenderingContext2D.prototype.putImageData;
  CanvasRenderingContext2D.prototype.putImageData = function (...args) {
    const state = window.__editLatency;
    if (state && state.phases && (state.phases.result !== undefined || state.phases.partial !== undefined)) mark('drawn');
    return put.apply(this, args);
  };
})()`;

/**
 * Arms the probe in the page; `window.__editLatency.result` then becomes the milliseconds from
 * the input to the first animation frame whose canvases differ.
 *
 * @example
 * await page.evaluate(armChange(watch)); await page.keyboard.type('7');
 */
export function armChange(watch: ChangeWatch): string {
  return `(${PROBE})(${JSON.stringify(watch)})`;
}
