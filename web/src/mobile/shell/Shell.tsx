/** The phone frame: the title, back, language and sign-out, the sync state, then the screen. */
import { Suspense } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { LeftOutlined, LogoutOutlined } from '@ant-design/icons';
import { useStrings } from '../../shared/i18n.ts';
import { signOut, useMe } from '../../shared/session.ts';
import { mobileStrings } from '../strings.ts';
import { forgetSavedAnswers } from '../sw-register.ts';
import { LanguageButtons } from './LanguageButtons.tsx';
import { SyncProblems, SyncState } from './SyncBar.tsx';

export function Loading() {
  const { t } = useStrings('mobile', mobileStrings);
  return <p className="m-loading" role="status">{t('loading', { ns: 'common' })}</p>;
}

export function Shell() {
  const { t } = useStrings('mobile', mobileStrings);
  const me = useMe().data!;
  const navigate = useNavigate();
  const { pathname } = useLocation();

  async function leave() {
    try {
      await signOut();
    } catch {
      // Offline: the server's session ends when it expires; this phone forgets it now.
    }
    await forgetSavedAnswers();
    navigate(`/login?next=/&tenant=${encodeURIComponent(me.tenant.slug)}&email=${encodeURIComponent(me.email)}`, { replace: true });
  }

  return (
    <div className="m-app">
      <div className="m-top">
        <header className="m-header">
          {pathname !== '/' && (
            <button type="button" className="m-icon-button" aria-label={t('back')} onClick={() => navigate('/')}><LeftOutlined /></button>
          )}
          <div className="m-title">
            <h1>{t('appTitle')}</h1>
            <span>{me.name} · {me.tenant.name}</span>
          </div>
          <LanguageButtons />
          <button type="button" className="m-icon-button" aria-label={t('signOut')} title={t('signOut')} onClick={() => void leave()}><LogoutOutlined /></button>
        </header>
        <SyncState />
      </div>
      <main className="m-main">
        <SyncProblems />
        <Suspense fallback={<Loading />}><Outlet /></Suspense>
      </main>
    </div>
  );
}
