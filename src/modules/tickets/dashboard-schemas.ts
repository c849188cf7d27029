/** TypeBox schemas of the dashboard, engineer load and at-risk routes. */
import { Type } from 'typebox';
import { MAX_DAYS } from './dashboard-periods.ts';
import { PRIORITIES } from './model.ts';
import { Nullable } from './schemas.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A calendar day in the tenant\'s time zone, e.g. 2026-11-24' });
const Count = Type.Integer({ minimum: 0 });
const Seconds = Nullable(Type.Integer({ description: 'seconds; null when there is nothing to measure' }));

export const DashboardQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DAYS, description: 'The last N days, today included, for every chart' })),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
});

const EngineerLoad = Type.Object({
  userId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  availability: Type.String({ description: 'online, busy, offline, on_leave' }),
  dispatched: Count,
  accepted: Count,
  inProgress: Count,
  onHold: Count,
  open: Type.Integer({ description: 'The four together: the load dispatch weighs' }),
});

export const EngineerLoadList = Type.Object({ items: Type.Array(EngineerLoad, { description: 'Active engineers, most loaded first' }) });

export const Dashboard = Type.Object({
  generatedAt: Type.String({ format: 'date-time' }),
  timeZone: Type.String(),
  today: Day,
  backlog: Type.Object({
    open: Type.Integer({ description: 'Open now: new, dispatched, accepted, in progress, on hold' }),
    unassigned: Type.Integer({ description: 'Open with nobody assigned' }),
    dispatchFailed: Count,
    onHold: Count,
    createdToday: Count,
    resolvedToday: Count,
    from: Day,
    to: Day,
    days: Type.Array(Type.Object({
      day: Day, created: Count, resolved: Count, open: Type.Integer({ description: 'Open at the end of the day' }),
    })),
  }, { description: 'Today\'s backlog, and its trend over the period (default: the last 7 days)' }),
  slaRisk: Type.Object({
    withinSeconds: Type.Integer(),
    overdue: Count,
    dueSoon: Type.Integer({ description: 'Not yet overdue, due within withinSeconds' }),
    byPriority: Type.Array(Type.Object({ priority: Type.Enum([...PRIORITIES]), overdue: Count, dueSoon: Count })),
  }, { description: 'Open tickets whose running SLA clock is overdue or due within the hour; on-hold clocks are paused and left out' }),
  firstResponse: Type.Object({
    from: Day,
    to: Day,
    responded: Count,
    waiting: Type.Integer({ description: 'Open tickets of the period nobody has answered yet' }),
    medianSeconds: Seconds,
    p90Seconds: Seconds,
    metRate: Nullable(Type.Number({ description: 'Share of responses within their deadline, 0..1' })),
    days: Type.Array(Type.Object({ day: Day, responded: Count, medianSeconds: Seconds, p90Seconds: Seconds })),
  }, { description: 'Report to first response, of the tickets created in the period (default: the last 7 days)' }),
  faultTypes: Type.Object({
    from: Day,
    to: Day,
    total: Type.Integer({ description: 'Reports of the period, all types' }),
    items: Type.Array(Type.Object({ type: Type.String(), nameZh: Type.String(), nameEn: Type.String(), count: Count })),
  }, { description: 'The 10 types reported most in the period (default: the last 30 days); cancelled, duplicates and escalations left out' }),
  engineerLoad: Type.Object({
    engineers: Type.Integer({ description: 'Active engineers' }),
    online: Count,
    open: Type.Integer({ description: 'Open tickets assigned to them' }),
    averageOpen: Nullable(Type.Number()),
    items: Type.Array(EngineerLoad, { description: 'The 15 most loaded' }),
  }),
});

export const AtRiskQuery = Type.Object({
  withinMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 * 24 * 60, default: 60, description: 'Deadlines within this many minutes (overdue ones always)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 100 })),
});
