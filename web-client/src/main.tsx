import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { startApp } from './store/app';
import { getLanguage, setLanguage } from './i18n';
import './ui/styles.css';

setLanguage(getLanguage()); // sets <html lang> from the remembered choice
startApp();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
