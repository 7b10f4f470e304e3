import '@xyflow/react/dist/style.css';
import '@convstudio/ui/styles.css';
import './studio.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { browserHost } from './host/browser-host.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App host={browserHost} />
  </StrictMode>,
);
