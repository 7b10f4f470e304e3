import '@xyflow/react/dist/style.css';
import '@convstudio/ui/styles.css';
import './studio.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { createBrowserHost } from './host/browser-host.js';
import { desktopHost } from './host/desktop-host.js';

// The preload puts the bridge on window only inside Electron; a browser gets the web host.
const host = window.convstudio ? desktopHost(window.convstudio) : createBrowserHost();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App host={host} />
  </StrictMode>,
);
