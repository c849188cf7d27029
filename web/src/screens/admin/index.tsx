/**
 * The admin area ("admin without code"): a menu of sections and their nested routes under
 * /admin/. The sections are listed in sections.tsx; each lives in its own folder and chunk.
 */
import { Suspense } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { Grid, Menu, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useStrings } from '../../shared/i18n.ts';
import { isEnglish } from '../../shared/ticket-forms.ts';
import { useMe } from '../../shared/session.ts';
import { hasRole } from '../../shared/types.ts';
import { ADMIN_SECTIONS } from './sections.tsx';
import { NAMESPACE, strings } from './strings.ts';
import './admin.css';

export default function Admin() {
  const { t, i18n } = useStrings(NAMESPACE, strings);
  const common = useTranslation().t;
  const me = useMe().data ?? undefined;
  const location = useLocation();
  const narrow = !Grid.useBreakpoint().lg;
  // The server refuses non-admins anyway; this says so instead of showing forms that cannot save.
  if (!hasRole(me, 'admin')) return <Result status="403" title="403" subTitle={common('error.forbidden')} />;

  const current = location.pathname.replace(/^\/admin\/?/, '').split('/')[0];
  const english = isEnglish(i18n.language);
  return (
    <div className={`admin-area${narrow ? ' is-narrow' : ''}`}>
      <nav className="admin-area-nav" aria-label={t('sections')}>
        <Menu mode={narrow ? 'horizontal' : 'inline'} selectedKeys={[current]}
          items={ADMIN_SECTIONS.map((section) => ({
            key: section.path, icon: section.icon,
            label: <Link to={`/admin/${section.path}`}>{english ? section.label.en : section.label.zh}</Link>,
          }))} />
      </nav>
      <div className="admin-area-content">
        <Suspense fallback={<Spin description={common('loading')}><div style={{ height: 120 }} /></Spin>}>
          <Routes>
            <Route index element={<Navigate to={ADMIN_SECTIONS[0].path} replace />} />
            {ADMIN_SECTIONS.map(({ path, Screen }) => <Route key={path} path={`${path}/*`} element={<Screen />} />)}
            <Route path="*" element={<Result status="404" title="404" subTitle={common('error.notFound')} />} />
          </Routes>
        </Suspense>
      </div>
    </div>
  );
}
