/** The staff app's routes: sign-in is open, everything else needs a session. Screens load on demand. */
import { lazy, Suspense, useEffect } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { whenUnauthenticated } from '../shared/api.ts';
import { queryClient } from '../shared/providers.tsx';
import { useMe } from '../shared/session.ts';
import { Layout } from './Layout.tsx';
import { STAFF_ROUTES } from './routes.tsx';

// Signed-in users, most of them, never load the sign-in form.
const SignIn = lazy(() => import('./SignIn.tsx').then((module) => ({ default: module.SignIn })));

export function Loading() {
  const { t } = useTranslation();
  return <div style={{ padding: 48, textAlign: 'center' }}><Spin description={t('loading')}><div style={{ height: 40 }} /></Spin></div>;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('error.notFound')} />;
}

function RequireSession({ children }: { children: React.ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

export function StaffApp() {
  const navigate = useNavigate();
  useEffect(() => {
    whenUnauthenticated(() => {
      if (window.location.pathname === '/login') return;
      queryClient.setQueryData(['me'], null);
      navigate(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`, { replace: true });
    });
  }, [navigate]);

  return (
    <Routes>
      <Route path="/login" element={<Suspense fallback={<Loading />}><SignIn /></Suspense>} />
      <Route element={<RequireSession><Layout /></RequireSession>}>
        <Route index element={<Navigate to="/workspace" replace />} />
        {STAFF_ROUTES.map(({ path, Screen }) => (
          <Route key={path} path={path} element={<Suspense fallback={<Loading />}><Screen /></Suspense>} />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
