/**
 * The staff app's screens, each its own chunk (route-level code splitting), with the navigation
 * entry and the roles that see it. Screens live in web/src/screens/<name>/.
 */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { AppstoreOutlined } from '@ant-design/icons';
import { DashboardOutlined, ScheduleOutlined } from '@ant-design/icons';
import { PlusCircleOutlined, SettingOutlined } from '@ant-design/icons';
import type { Role } from '../shared/types.ts';

export interface StaffRoute {
  path: string;
  Screen: LazyExoticComponent<ComponentType>;
  nav?: { label: string; icon: ReactNode };
  roles?: Role[];
}

export const STAFF_ROUTES: StaffRoute[] = [
  { path: 'workspace', Screen: lazy(() => import('../screens/workspace/index.tsx')), nav: { label: 'nav.workspace', icon: <AppstoreOutlined /> } },
  { path: 'tickets/:id', Screen: lazy(() => import('../screens/ticket/index.tsx')) },
  { path: 'tickets/new', Screen: lazy(() => import('../screens/new-ticket/index.tsx')), nav: { label: 'nav.newTicket', icon: <PlusCircleOutlined /> } },
  { path: 'board', Screen: lazy(() => import('../screens/board/index.tsx')), nav: { label: 'nav.board', icon: <ScheduleOutlined /> }, roles: ['admin', 'dispatcher', 'manager'] },
  { path: 'dashboard', Screen: lazy(() => import('../screens/dashboard/index.tsx')), nav: { label: 'nav.dashboard', icon: <DashboardOutlined /> }, roles: ['admin', 'dispatcher', 'manager', 'expert', 'finance'] },
  { path: 'admin/*', Screen: lazy(() => import('../screens/admin/index.tsx')), nav: { label: 'nav.admin', icon: <SettingOutlined /> }, roles: ['admin'] },
];
