/**
 * The engineer app's routes (under /m/): sign-in, my tickets, one ticket. Each screen is its
 * own chunk, so the first load carries only the frame and the outbox.
 */
import { lazy, Suspense, useEffect } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { whenUnauthenticated } from '../shared/api.ts';
import { useStrings } from '../shared/i18n.ts';
import { queryClient } from '../shared/providers.tsx';
import { useMe } from '../shared/session.ts';
import { SyncProvider } from './offline/SyncProvider.tsx';
import { Loading, Shell } from './shell/Shell.tsx';
import { mobileStrings } from './strings.ts';
import { rememberUser } from './sw-register.ts';

const TicketList = lazy(() => import('./screens/TicketList.tsx'));
const TicketScreen = lazy(() => import('./screens/TicketScreen.tsx'));
const SignIn = lazy(() => import('./shell/SignInScreen.tsx'));

function Unavailable({ message }: { message: string }) {
  return <p className="m-empty" role="alert">{message}</p>;
}

function SignedIn() {
  const { t } = useStrings('mobile', mobileStrings);
  const me = useMe();
  const location = useLocation();
  useEffect(() => {
    if (me.data) rememberUser(`${me.data.tenant.id}:${me.data.id}`);
  }, [me.data]);
  if (me.isPending) return <Loading />;
  // No session answer and no kept copy of one: offline before the first sign-in.
  if (me.isError) return <Unavailable message={navigator.onLine ? me.error.message : t('list.noCopy')} />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  return (
    <SyncProvider me={me.data} fallback={(error) => <Unavailable message={String(error)} />}>
      <Shell />
    </SyncProvider>
  );
}

export function MobileApp() {
  const navigate = useNavigate();
  useEffect(() => {
    whenUnauthenticated(() => {
      if (window.location.pathname === '/m/login') return;
      queryClient.setQueryData(['me'], null);
      navigate(`/login?next=${encodeURIComponent(window.location.pathname.replace(/^\/m/, '') || '/')}`, { replace: true });
    });
  }, [navigate]);

  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/login" element={<SignIn />} />
        <Route element={<SignedIn />}>
          <Route index element={<TicketList />} />
          <Route path="t/:id" element={<TicketScreen />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
