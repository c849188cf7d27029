import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import '../shared/global.css';
import '../shared/i18n.ts';
import { Providers } from '../shared/providers.tsx';
import { StaffApp } from './StaffApp.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers>
      <BrowserRouter>
        <StaffApp />
      </BrowserRouter>
    </Providers>
  </StrictMode>,
);
