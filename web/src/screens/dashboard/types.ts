/** GET /api/v1/analytics/dashboard as the dashboard reads it (the server's OpenAPI document is the reference). */
import type { Priority } from '../../shared/types.ts';

export interface EngineerLoadItem {
  userId: string;
  name: string;
  availability: string;
  dispatched: number;
  accepted: number;
  inProgress: number;
  onHold: number;
  open: number;
}

export interface DashboardData {
  generatedAt: string;
  timeZone: string;
  today: string;
  backlog: {
    open: number;
    unassigned: number;
    dispatchFailed: number;
    onHold: number;
    createdToday: number;
    resolvedToday: number;
    from: string;
    to: string;
    days: { day: string; created: number; resolved: number; open: number }[];
  };
  slaRisk: {
    withinSeconds: number;
    overdue: number;
    dueSoon: number;
    byPriority: { priority: Priority; overdue: number; dueSoon: number }[];
  };
  firstResponse: {
    from: string;
    to: string;
    responded: number;
    waiting: number;
    medianSeconds: number | null;
    p90Seconds: number | null;
    metRate: number | null;
    days: { day: string; responded: number; medianSeconds: number | null; p90Seconds: number | null }[];
  };
  faultTypes: {
    from: string;
    to: string;
    total: number;
    items: { type: string; nameZh: string; nameEn: string; count: number }[];
  };
  engineerLoad: {
    engineers: number;
    online: number;
    open: number;
    averageOpen: number | null;
    items: EngineerLoadItem[];
  };
}

/** What the period picker offers: the server's defaults (a week, a month for fault types), or N days for all. */
export const PERIODS = ['default', '30', '90'] as const;
export type Period = (typeof PERIODS)[number];
