import type { CDPSession, Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Samples a page's main thread with the DevTools protocol between `start` and `stop`, over many
 * repetitions, and sums self time by function: where an edit's milliseconds go before the pixels
 * change (the worker's compute is reported separately by the studio's status line).
 */
export class MainThreadProfile {
  private readonly sessions = new Map<Page, CDPSession>();
  private readonly selfMs = new Map<string, number>();
  private totalMs = 0;
  private runs = 0;

  async start(page: Page): Promise<void> {
    let session = this.sessions.get(page);
    if (!session) {
      session = await page.context().newCDPSession(page);
      await session.send('Profiler.enable');
      await session.send('Profiler.setSamplingInterval', { interval: 100 });
      this.sessions.set(page, session);
    }
    await session.send('Profiler.start');
  }

  async stop(page: Page): Promise<void> {
    const session = this.sessions.get(page);
    if (!session) return;
    const { profile } = (await session.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const node = byId.get(id);
      if (!node) return;
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const { functionName, url, lineNumber } = node.callFrame;
      const key = `${functionName || '(anonymous)'} ${url.split('/').pop() ?? ''}:${lineNumber + 1}`;
      this.selfMs.set(key, (this.selfMs.get(key) ?? 0) + ms);
      this.totalMs += ms;
    });
    this.runs++;
  }

  summary(top: number): string {
    const rows = [...this.selfMs].sort((a, b) => b[1] - a[1]).slice(0, top);
    const perRun = (ms: number) => (ms / Math.max(1, this.runs)).toFixed(2);
    return [
      `main thread, ${this.runs} edits, ${perRun(this.totalMs)} ms sampled per edit; self time per edit by function:`,
      ...rows.map(([key, ms]) => `  ${perRun(ms).padStart(8)} ms  ${key}`),
    ].join('\n');
  }
}
