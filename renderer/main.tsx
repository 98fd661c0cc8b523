import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { prewarmNumberFormat } from './app/prewarm-number-format';
import { prestartBinWorker } from './timeline/view-binner';
import './styles.css';

prestartBinWorker();
prewarmNumberFormat();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
