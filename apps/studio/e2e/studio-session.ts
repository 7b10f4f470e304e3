import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';
import { serveWeb } from './web-server.js';

/** The browser and the served studio of one test file. */
export interface StudioSession {
  browser: Browser;
  url: string;
}

/**
 * Serves the built studio and launches Chromium before a file's tests, and closes both after
 * them. The session's fields are set once `beforeAll` has run.
 *
 * @example
 * const session = studioSession();
 * it('…', async () => { const page = await session.browser.newPage(); await page.goto(session.url); });
 */
export function studioSession(): StudioSession {
  const session = {} as StudioSession;
  let server: Awaited<ReturnType<typeof serveWeb>> | undefined;
  beforeAll(async () => {
    server = await serveWeb();
    session.url = server.url;
    session.browser = await launchChromium();
  });
  afterAll(async () => {
    await session.browser?.close();
    await server?.close();
  });
  return session;
}
