/**
 * Business calendars: admins keep them, dispatchers and managers read them. A change to a
 * calendar's hours or days moves every deadline counted on it, so it bumps the versions of the
 * policies that use it and schedules their re-computation in the background.
 */
import type { Ctx, Db } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { SLA_READERS, SLA_WRITERS, requireRole } from './access.ts';
import { WEEKDAYS, validateCalendar, type Calendar, type TimeWindow } from './calendar.ts';
import { chinaHolidays, withChinaHolidays } from './holidays-cn.ts';
import { scheduleRecompute } from './recompute.ts';
import * as store from './store.ts';
import { forgetTenantSla } from './tenant-sla.ts';

export interface CalendarInput {
  name?: string;
  timeZone?: string;
  week?: unknown;
  holidays?: unknown;
  workdays?: unknown;
  /** null removes the make-up day hours of their own (the first open weekday's apply). */
  makeUpHours?: unknown;
}

const windowsView = (windows: readonly TimeWindow[] | undefined) => (windows ?? []).map(({ start, end }) => ({ start, end }));

export function calendarView(row: store.SlaCalendar) {
  const { calendar } = row;
  return {
    id: row.id,
    name: row.name,
    timeZone: calendar.timeZone,
    week: Object.fromEntries(WEEKDAYS.map((day) => [String(day), windowsView(calendar.week[day])])),
    holidays: [...calendar.holidays],
    workdays: [...calendar.workdays],
    ...(calendar.makeUpHours ? { makeUpHours: windowsView(calendar.makeUpHours) } : {}),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type CalendarView = ReturnType<typeof calendarView>;

function calendarName(name: string | undefined): string {
  const trimmed = name?.trim();
  if (!trimmed) throw new AppError('invalid_input', 'name: cannot be empty.', { field: 'name' });
  return trimmed;
}

/** The stored calendar with the input's fields laid over it, validated whole. */
function mergedCalendar(existing: Calendar | undefined, input: CalendarInput): Calendar {
  const { name: _name, ...fields } = input;
  const merged: Record<string, unknown> = { ...existing };
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return validateCalendar(merged);
}

/** Bumps the calendar's policies and re-computes their open tickets in the background. */
async function recomputePoliciesOn(db: Db, tenantId: string, calendarId: string, now: Date): Promise<void> {
  const policies = await store.policiesOnCalendar(db, tenantId, calendarId);
  const bumped = await store.bumpPolicyVersions(db, tenantId, policies.map((policy) => policy.id), now);
  for (const policy of bumped) await scheduleRecompute(db, tenantId, policy.id, policy.version, now);
}

export function createCalendarService(ctx: Ctx) {
  async function list(actor: Actor): Promise<CalendarView[]> {
    requireRole(actor, SLA_READERS, 'read SLA calendars');
    return (await store.listCalendars(ctx.db, actor.tenantId)).map(calendarView);
  }

  async function get(actor: Actor, id: string): Promise<CalendarView> {
    requireRole(actor, SLA_READERS, 'read SLA calendars');
    const row = await store.getCalendar(ctx.db, actor.tenantId, id);
    if (!row) throw notFound('Calendar', id);
    return calendarView(row);
  }

  async function create(actor: Actor, input: CalendarInput): Promise<CalendarView> {
    requireRole(actor, SLA_WRITERS, 'create SLA calendars');
    const name = calendarName(input.name);
    const calendar = mergedCalendar(undefined, input);
    const now = ctx.clock.now();
    const id = uuidv7(now.getTime());
    await store.insertCalendar(ctx.db, actor.tenantId, { id, name, calendar }, now);
    forgetTenantSla(actor.tenantId);
    return calendarView((await store.getCalendar(ctx.db, actor.tenantId, id))!);
  }

  /** Writes a changed calendar; when its hours or days changed, its policies' tickets are re-computed. */
  async function save(actor: Actor, id: string, change: (row: store.SlaCalendar) => { name: string; calendar: Calendar }): Promise<CalendarView> {
    const { tenantId } = actor;
    const now = ctx.clock.now();
    const saved = await ctx.db.transaction().execute(async (trx) => {
      const row = await store.getCalendar(trx, tenantId, id, { forUpdate: true });
      if (!row) throw notFound('Calendar', id);
      const { name, calendar } = change(row);
      await store.updateCalendar(trx, tenantId, id, { name, calendar }, now);
      if (JSON.stringify(calendar) !== JSON.stringify(validateCalendar(row.calendar))) await recomputePoliciesOn(trx, tenantId, id, now);
      return (await store.getCalendar(trx, tenantId, id))!;
    });
    forgetTenantSla(tenantId);
    return calendarView(saved);
  }

  async function update(actor: Actor, id: string, input: CalendarInput): Promise<CalendarView> {
    requireRole(actor, SLA_WRITERS, 'change SLA calendars');
    return save(actor, id, (row) => ({
      name: input.name === undefined ? row.name : calendarName(input.name),
      calendar: mergedCalendar(row.calendar, input),
    }));
  }

  /** Adds China's official holidays and make-up workdays of the given years (only shipped years). */
  async function importChinaHolidays(actor: Actor, id: string, years: number[]): Promise<CalendarView> {
    requireRole(actor, SLA_WRITERS, 'change SLA calendars');
    // Every year is checked before anything is written: an unknown one names the shipped years.
    years.forEach((year) => chinaHolidays(year));
    return save(actor, id, (row) => ({ name: row.name, calendar: validateCalendar(withChinaHolidays(row.calendar, years)) }));
  }

  /** A calendar a policy counts on stays: move the policies to another calendar first. */
  async function remove(actor: Actor, id: string): Promise<void> {
    requireRole(actor, SLA_WRITERS, 'delete SLA calendars');
    const { tenantId } = actor;
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await store.getCalendar(trx, tenantId, id, { forUpdate: true }))) throw notFound('Calendar', id);
      const policies = await store.policiesOnCalendar(trx, tenantId, id);
      if (policies.length) {
        throw new AppError('in_use',
          `The calendar is used by ${policies.length} SLA policy(ies): ${policies.map((policy) => policy.name).join(', ')}. Move them to another calendar first.`,
          { policyIds: policies.map((policy) => policy.id) });
      }
      await store.deleteCalendar(trx, tenantId, id);
    });
    forgetTenantSla(tenantId);
  }

  return { list, get, create, update, importChinaHolidays, remove };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
