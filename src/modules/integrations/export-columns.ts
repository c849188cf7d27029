/**
 * The columns a ticket list can be exported with: the ones the list shows, with zh-CN headers
 * by default (English with lang=en), and values as a person reads them (names, not ids).
 */
import type { TicketView } from '../tickets/index.ts';

export interface Names {
  users: Map<string, string>;
  customers: Map<string, string>;
  devices: Map<string, string>;
}

export type ExportLang = 'zh-CN' | 'en';

interface Column {
  zh: string;
  en: string;
  width: number;
  value: (ticket: TicketView, names: Names, lang: ExportLang) => string | number | Date | null;
}

const STATUS_ZH: Record<string, string> = {
  new: '新建', dispatched: '已派单', accepted: '已接单', in_progress: '处理中', on_hold: '挂起',
  resolved: '已解决', closed: '已关闭', cancelled: '已取消',
};

const date = (value: string | null) => (value ? new Date(value) : null);

export const EXPORT_COLUMNS: Record<string, Column> = {
  number: { zh: '工单号', en: 'Number', width: 18, value: (t) => t.number },
  title: { zh: '标题', en: 'Title', width: 40, value: (t) => t.title },
  status: { zh: '状态', en: 'Status', width: 10, value: (t, _names, lang) => (lang === 'en' ? t.status : STATUS_ZH[t.status] ?? t.status) },
  priority: { zh: '优先级', en: 'Priority', width: 8, value: (t) => t.priority },
  type: { zh: '类型', en: 'Type', width: 12, value: (t) => t.type },
  description: { zh: '描述', en: 'Description', width: 60, value: (t) => t.description },
  channel: { zh: '来源', en: 'Channel', width: 12, value: (t) => t.channel },
  requester: { zh: '报修人', en: 'Requester', width: 14, value: (t, n) => (t.requesterId ? n.users.get(t.requesterId) ?? null : null) },
  assignee: { zh: '处理人', en: 'Assignee', width: 14, value: (t, n) => (t.assigneeId ? n.users.get(t.assigneeId) ?? null : null) },
  customer: { zh: '客户', en: 'Customer', width: 20, value: (t, n) => (t.customerId ? n.customers.get(t.customerId) ?? null : null) },
  device: { zh: '设备', en: 'Device', width: 20, value: (t, n) => (t.deviceId ? n.devices.get(t.deviceId) ?? null : null) },
  address: { zh: '地址', en: 'Address', width: 30, value: (t) => t.location?.address ?? null },
  createdAt: { zh: '创建时间', en: 'Created', width: 20, value: (t) => date(t.createdAt) },
  updatedAt: { zh: '更新时间', en: 'Updated', width: 20, value: (t) => date(t.updatedAt) },
  responseDueAt: { zh: '响应时限', en: 'Response due', width: 20, value: (t) => date(t.sla.responseDueAt) },
  resolveDueAt: { zh: '解决时限', en: 'Resolve due', width: 20, value: (t) => date(t.sla.resolveDueAt) },
  resolvedAt: { zh: '解决时间', en: 'Resolved', width: 20, value: (t) => date(t.resolvedAt) },
  closedAt: { zh: '关闭时间', en: 'Closed', width: 20, value: (t) => date(t.closedAt) },
  solution: { zh: '解决方案', en: 'Solution', width: 40, value: (t) => t.solution },
  reopenCount: { zh: '重开次数', en: 'Reopened', width: 8, value: (t) => t.reopenCount },
};

export const DEFAULT_EXPORT_COLUMNS = ['number', 'title', 'status', 'priority', 'type', 'requester', 'assignee', 'customer', 'createdAt', 'resolvedAt'];


/** `fields.<name>` columns export a custom field under its own name. */
export const FIELD_COLUMN = /^fields\.([A-Za-z_][A-Za-z0-9_]{0,63})$/;
