/**
 * The engineer app (/m/): a phone PWA that works offline. Its frame uses no antd (the shared
 * Providers wrap antd's ConfigProvider and App): the first load stays small on a phone network,
 * and the sign-in screen, which does use antd, brings it when it is opened.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import '../shared/global.css';
import './mobile.css';
import '../shared/i18n.ts';
import { queryClient } from '../shared/providers.tsx';
import { MobileApp } from './MobileApp.tsx';
import { registerServiceWorker } from './sw-register.ts';

// The service worker's scope is /m/: "/m" alone would be a page it does not control.
if (window.location.pathname === '/m') window.history.replaceState(null, '', `/m/${window.location.search}${window.location.hash}`);
registerServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter basename="/m/">
        <MobileApp />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
