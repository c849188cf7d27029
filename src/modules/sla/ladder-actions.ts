/**
 * What a ladder step does, action by action, in the step's transaction: notify people, let the
 * dispatch engine reassign, raise the priority, open a linked escalation ticket. An action that
 * cannot be done (nobody to reassign to, no manager above the assignee) is recorded with the
 * reason instead of failing the step: the other actions still happen, and the record says why.
 */
import type { Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { notify, type TemplateKey } from '../notify/index.ts';
import { PRIORITIES, type Priority, type TicketState, type TicketSystem } from '../tickets/index.ts';
import type { TicketClock } from './clocks.ts';
import { activePerson, activeUsersWithRole, managerChain, type Person } from './people.ts';
import type { LadderAction, LadderStep, NotifyTarget } from './policy.ts';
import type { ActionResult } from './store.ts';

/** An escalation ticket repeats the original's description up to this length. */
const LINKED_DESCRIPTION_MAX = 4000;

export interface StepRun {
  db: Db;
  tenantId: string;
  system: TicketSystem;
  /** The ticket as it is now; actions that change it return it changed. */
  ticket: TicketState;
  step: LadderStep;
  /** The step's clock when the step fired. */
  clock: TicketClock;
  now: Date;
}

const names = (people: readonly Person[]) => people.map((person) => person.name).join('、');

/** Template variables the notify module knows (number, title, priority, assigneeName, dueAt, minutesOverdue, stepName). */
async function messageData(run: StepRun): Promise<Record<string, unknown>> {
  const { ticket, clock, now } = run;
  const assignee = ticket.assigneeId ? await activePerson(run.db, run.tenantId, ticket.assigneeId) : undefined;
  const overdueMs = clock.dueAt ? now.getTime() - clock.dueAt.getTime() : 0;
  return {
    number: ticket.number, title: ticket.title, priority: ticket.priority, stepName: run.step.name,
    ...(assignee ? { assigneeName: assignee.name } : {}),
    ...(clock.dueAt ? { dueAt: clock.dueAt.toISOString() } : {}),
    ...(overdueMs >= 60_000 ? { minutesOverdue: Math.floor(overdueMs / 60_000) } : {}),
  };
}

/** The people the ticket is with: its assignee, else the engineers it is offered to. */
async function peopleOnTicket(run: StepRun): Promise<Person[]> {
  const ids = run.ticket.assigneeId ? [run.ticket.assigneeId] : run.ticket.offeredTo;
  const people: Person[] = [];
  for (const id of ids) {
    const person = await activePerson(run.db, run.tenantId, id);
    if (person) people.push(person);
  }
  return people;
}

/** Who a notify target reaches now, and how to say so when it reaches nobody. */
async function recipientsOf(run: StepRun, to: NotifyTarget): Promise<{ people: Person[]; template: TemplateKey; note?: string; none: string }> {
  const { db, tenantId } = run;
  if ('assignee' in to) {
    return { people: await peopleOnTicket(run), template: 'sla.reminder', none: '工单尚未指派或派发给任何人。' };
  }
  if ('managerChain' in to) {
    const base = await peopleOnTicket(run);
    if (!base.length) {
      // Nobody took it, which is why it escalates: the people who run the queue hear of it.
      const dispatchers = await activeUsersWithRole(db, tenantId, 'dispatcher');
      return { people: dispatchers, template: 'sla.escalated', note: '工单无人处理，已通知调度员', none: '工单无人处理，且没有在岗的调度员。' };
    }
    const managers = new Map<string, Person>();
    for (const person of base) {
      for (const manager of await managerChain(db, tenantId, person.id, to.levels ?? 1)) managers.set(manager.id, manager);
    }
    return { people: [...managers.values()], template: 'sla.escalated', none: `组织架构中 ${names(base)} 之上没有设置主管。` };
  }
  if ('role' in to) {
    return { people: await activeUsersWithRole(db, tenantId, to.role), template: 'sla.escalated', none: `没有在岗的 ${to.role} 角色人员。` };
  }
  const person = await activePerson(db, tenantId, to.userId);
  return { people: person ? [person] : [], template: 'sla.escalated', none: '该环节指定的用户已停用或不存在。' };
}

async function notifyAction(run: StepRun, action: Extract<LadderAction, { type: 'notify' }>): Promise<ActionResult> {
  const { people, template, note, none } = await recipientsOf(run, action.to);
  if (!people.length) return { action, ok: false, result: none };
  const userIds = people.map((person) => person.id);
  await notify(run.db, {
    tenantId: run.tenantId, template, userIds, ticketId: run.ticket.id, data: await messageData(run),
    urgent: run.ticket.priority === 'P1', now: run.now,
  });
  return { action, ok: true, result: `${note ?? '已通知'}：${names(people)}。`, userIds };
}

async function reassignAction(run: StepRun, action: LadderAction): Promise<ActionResult> {
  try {
    run.ticket = await run.system.act(run.db, run.tenantId, run.ticket.id, 'dispatch', {}, run.now);
  } catch (error) {
    // Nobody can take it, or the ticket is past dispatching: say so, and carry on with the ladder.
    if (error instanceof AppError) return { action, ok: false, result: error.message };
    throw error;
  }
  const { assigneeId, offeredTo } = run.ticket;
  const to = assigneeId ? [assigneeId] : offeredTo;
  return { action, ok: true, result: `已重新派发给 ${to.length} 名工程师。`, userIds: to };
}

async function raisePriorityAction(run: StepRun, action: LadderAction): Promise<ActionResult> {
  const from = run.ticket.priority;
  const index = PRIORITIES.indexOf(from);
  if (index <= 0) return { action, ok: false, result: `优先级已是最高的 ${from}。` };
  const to: Priority = PRIORITIES[index - 1];
  run.ticket = await run.system.patch(run.db, run.tenantId, run.ticket.id, { priority: to }, [{
    type: 'priority_raised', data: { before: { priority: from }, after: { priority: to }, stepKey: run.step.key, stepName: run.step.name },
  }], run.now);
  return { action, ok: true, result: `优先级已从 ${from} 提升到 ${to}。` };
}

async function openLinkedAction(run: StepRun, action: Extract<LadderAction, { type: 'open_linked_ticket' }>): Promise<ActionResult> {
  const { ticket, step } = run;
  // An escalation ticket escalating would open another every time its own ladder ran.
  if (ticket.originTicketId) return { action, ok: false, result: '本工单本身就是升级工单，不再另开升级工单。' };
  const original = ticket.description.length > LINKED_DESCRIPTION_MAX ? `${ticket.description.slice(0, LINKED_DESCRIPTION_MAX)}…` : ticket.description;
  // The first sentence becomes the title, short enough to keep whole: 【SLA升级】产线急停（跨团队升级）
  const description = `【SLA升级】${ticket.title}（${step.name}）。原工单 ${ticket.number}：${original}`;
  const linked = await run.system.openLinked(run.db, ticket, run.tenantId, {
    description, priority: action.priority ?? ticket.priority, reason: `SLA 升级：${step.name}`,
  }, run.now);
  return { action, ok: true, result: `已开立升级工单 ${linked.number}。`, ticketId: linked.id };
}

export async function runAction(run: StepRun, action: LadderAction): Promise<ActionResult> {
  switch (action.type) {
    case 'notify': return notifyAction(run, action);
    case 'reassign': return reassignAction(run, action);
    case 'raise_priority': return raisePriorityAction(run, action);
    case 'open_linked_ticket': return openLinkedAction(run, action);
  }
}
