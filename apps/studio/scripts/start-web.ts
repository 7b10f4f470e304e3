// Builds the studio's renderer and serves it on http://127.0.0.1 (a secure context, so WebGPU
// works), printing the address. This is the browser host; the desktop shell wraps the same page.
import { buildWeb, serveWeb } from '../e2e/web-server.js';

const port = Number(process.env.PORT ?? 4173);
console.log('Building the studio…');
await buildWeb();
const server = await serveWeb(port);
console.log(`\nConvStudio is running at ${server.url}\nOpen it in a browser (Chrome or Edge for WebGPU). Press Ctrl+C to stop.\n`);
