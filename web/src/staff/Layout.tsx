/** The frame of the staff app: navigation by role, the tenant, the user menu, the language. */
import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Drawer, Dropdown, Grid, Layout as AntLayout, Menu, Space, Typography } from 'antd';
import { MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { signOut, useMe } from '../shared/session.ts';
import { hasRole } from '../shared/types.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { STAFF_ROUTES } from './routes.tsx';

export function Layout() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const [drawer, setDrawer] = useState(false);

  const items = STAFF_ROUTES.filter((route) => route.nav && (!route.roles || hasRole(me, ...route.roles)))
    .map((route) => ({ key: `/${route.path.replace(/\/\*$/, '')}`, icon: route.nav!.icon, label: t(route.nav!.label) }));
  const selected = items.map((item) => item.key).filter((key) => location.pathname.startsWith(key)).sort((a, b) => b.length - a.length)[0];

  async function logout(switchTenant: boolean) {
    await signOut();
    navigate(switchTenant ? '/login' : `/login?tenant=${encodeURIComponent(me.tenant.slug)}&email=${encodeURIComponent(me.email)}`, { replace: true });
  }

  const menu = (
    <Menu mode="inline" selectedKeys={selected ? [selected] : []} items={items}
      onClick={({ key }) => { navigate(key); setDrawer(false); }} style={{ borderInlineEnd: 0 }} />
  );

  return (
    <AntLayout style={{ minHeight: '100vh' }}>
      {!narrow && (
        <AntLayout.Sider width={208} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
          <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>{t('appName')}</div>
          <nav aria-label={t('appName')}>{menu}</nav>
        </AntLayout.Sider>
      )}
      <AntLayout>
        <AntLayout.Header style={{ background: '#fff', padding: '0 16px', display: 'flex', alignItems: 'center', gap: 12, borderBottom: '1px solid #f0f0f0' }}>
          {narrow && <Button type="text" icon={<MenuOutlined />} aria-label="menu" onClick={() => setDrawer(true)} />}
          <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0 }}>{me.tenant.name}</Typography.Text>
          <Space size="small">
            <LanguageSwitch />
            <Dropdown menu={{
              items: [
                { key: 'switch', label: t('nav.switchTenant'), onClick: () => void logout(true) },
                { key: 'logout', label: t('nav.logout'), onClick: () => void logout(false) },
              ],
            }}>
              <Button type="text" icon={<UserOutlined />} aria-label={me.name}>{narrow ? null : me.name}</Button>
            </Dropdown>
          </Space>
        </AntLayout.Header>
        <AntLayout.Content style={{ padding: narrow ? 8 : 16, minWidth: 0 }}>
          <Outlet />
        </AntLayout.Content>
      </AntLayout>
      <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" size={240} title={t('appName')}>{menu}</Drawer>
    </AntLayout>
  );
}
