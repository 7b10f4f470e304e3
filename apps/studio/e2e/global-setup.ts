import { buildWeb } from './web-server.js';

// One build for every end-to-end file: they test what users get, not the dev server.
export default async function setup(): Promise<void> {
  await buildWeb();
}
