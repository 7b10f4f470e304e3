import { describe, expect, it } from 'vitest';
import { createOpenQueue } from './open-queue.js';

describe('the open queue', () => {
  it('holds paths until the window is there, then opens them in order, then passes new ones straight on', () => {
    const queue = createOpenQueue();
    queue.push('/a.convstudio.json');
    queue.push('/b.convstudio.json');
    expect(queue.waiting).toEqual(['/a.convstudio.json', '/b.convstudio.json']);
    const opened: string[] = [];
    queue.attach((path) => opened.push(path));
    expect(opened).toEqual(['/a.convstudio.json', '/b.convstudio.json']);
    expect(queue.waiting).toEqual([]);
    queue.push('/c.convstudio.json');
    expect(opened).toEqual(['/a.convstudio.json', '/b.convstudio.json', '/c.convstudio.json']);
  });
});
