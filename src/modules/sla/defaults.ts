/**
 * The SLA a new tenant starts with: a weekday calendar with China's official holidays and
 * make-up workdays, a 7×24 calendar, and policies by priority, platinum customers first. P1
 * runs the seeds' ladder: 2 minutes after creation the assignee is reminded, at 5 minutes their
 * manager hears of it, at 10 minutes the managers' group does and an escalation ticket is
 * opened, linked to the original. Admins change all of it from there.
 */
import type { Db } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { getTenant } from '../directory/index.ts';
import { validateCalendar, type Calendar, type TimeWindow } from './calendar.ts';
import { CHINA_HOLIDAY_YEARS, withChinaHolidays } from './holidays-cn.ts';
import type { LadderStep } from './policy.ts';
import { validatePolicy, type PolicyInput } from './policy-validation.ts';
import * as store from './store.ts';
import { forgetTenantSla } from './tenant-sla.ts';

const MINUTE = 60;
const HOUR = 3600;
/** A working day of the weekday calendar, 09:00–18:00. */
const WORKDAY_SECONDS = 9 * HOUR;

/** The seeds' ladder for a response target, its steps counted from the ticket's creation. */
function seedLadder(responseSeconds: number): LadderStep[] {
  const afterCreation = (seconds: number) => seconds - responseSeconds;
  return [
    { key: 'remind_assignee', name: '提醒处理人', clock: 'response', offsetSeconds: afterCreation(2 * MINUTE),
      actions: [{ type: 'notify', to: { assignee: true } }] },
    { key: 'notify_manager', name: '通知处理人主管', clock: 'response', offsetSeconds: afterCreation(5 * MINUTE),
      actions: [{ type: 'notify', to: { managerChain: true } }] },
    { key: 'cross_team', name: '跨团队升级', clock: 'response', offsetSeconds: afterCreation(10 * MINUTE),
      actions: [{ type: 'notify', to: { role: 'manager' } }, { type: 'open_linked_ticket' }] },
  ];
}

function defaultPolicies(workdayId: string, alwaysId: string): PolicyInput[] {
  return [
    { name: '白金客户 · P1 紧急', position: 10, match: { tiers: ['platinum'], priorities: ['P1'] }, calendarId: alwaysId,
      responseSeconds: 10 * MINUTE, resolveSeconds: 2 * HOUR, ladder: seedLadder(10 * MINUTE) },
    { name: '白金客户 · P2 高', position: 20, match: { tiers: ['platinum'], priorities: ['P2'] }, calendarId: alwaysId,
      responseSeconds: 30 * MINUTE, resolveSeconds: 4 * HOUR },
    { name: '白金客户 · P3/P4', position: 30, match: { tiers: ['platinum'], priorities: ['P3', 'P4'] }, calendarId: workdayId,
      responseSeconds: 2 * HOUR, resolveSeconds: 2 * WORKDAY_SECONDS },
    { name: 'P1 紧急', position: 40, match: { priorities: ['P1'] }, calendarId: alwaysId,
      responseSeconds: 15 * MINUTE, resolveSeconds: 4 * HOUR, ladder: seedLadder(15 * MINUTE) },
    { name: 'P2 高', position: 50, match: { priorities: ['P2'] }, calendarId: alwaysId,
      responseSeconds: HOUR, resolveSeconds: 8 * HOUR },
    { name: 'P3/P4 常规', position: 60, match: { priorities: ['P3', 'P4'] }, calendarId: workdayId,
      responseSeconds: 4 * HOUR, resolveSeconds: 3 * WORKDAY_SECONDS },
  ];
}

/**
 * Gives a tenant the default calendars and policies, in the caller's transaction. Idempotent:
 * a tenant that has any policy keeps what it has.
 */
export async function installDefaultSla(db: Db, tenantId: string, now: Date): Promise<void> {
  if ((await store.countPolicies(db, tenantId)) > 0) return;
  const { timezone } = await getTenant(db, tenantId);
  const nineToSix: TimeWindow[] = [{ start: '09:00', end: '18:00' }];
  const weekdays: Calendar = withChinaHolidays({
    timeZone: timezone, week: { 0: [], 1: nineToSix, 2: nineToSix, 3: nineToSix, 4: nineToSix, 5: nineToSix, 6: [] }, holidays: [], workdays: [],
  }, CHINA_HOLIDAY_YEARS);
  const allDay: TimeWindow[] = [{ start: '00:00', end: '24:00' }];
  const always: Calendar = { timeZone: timezone, week: { 0: allDay, 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay }, holidays: [], workdays: [] };

  const workdayId = uuidv7(now.getTime());
  const alwaysId = uuidv7(now.getTime());
  await store.insertCalendar(db, tenantId, { id: workdayId, name: '工作日 (周一至周五 09:00-18:00，含法定节假日与调休)', calendar: validateCalendar(weekdays) }, now);
  await store.insertCalendar(db, tenantId, { id: alwaysId, name: '7×24', calendar: validateCalendar(always) }, now);
  for (const input of defaultPolicies(workdayId, alwaysId)) {
    await store.insertPolicy(db, tenantId, uuidv7(now.getTime()), validatePolicy(input), now);
  }
  forgetTenantSla(tenantId);
}
