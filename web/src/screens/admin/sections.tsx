/**
 * The sections of the admin area, in the order of its menu. Adding a section is one line here:
 * a folder web/src/screens/admin/<section>/ whose index.tsx default-exports the section's screen
 * (it may hold nested <Routes> of its own, relative to /admin/<path>/).
 */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { TagsOutlined } from '@ant-design/icons';

export interface AdminSection {
  /** The URL under /admin/. */
  path: string;
  /** The menu label in both languages, so a section needs no other file to appear. */
  label: { zh: string; en: string };
  icon: ReactNode;
  Screen: LazyExoticComponent<ComponentType>;
}

export const ADMIN_SECTIONS: AdminSection[] = [
  { path: 'ticket-types', label: { zh: '工单类型与表单', en: 'Ticket types & forms' }, icon: <TagsOutlined />, Screen: lazy(() => import('./ticket-types/index.tsx')) },
];
