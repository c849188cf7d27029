/**
 * The demo's ticket history as stories: who reports what, and every later step (dispatch,
 * decline, accept, hold, resolve, verify, reopen, cancel, comments) with its time. Pure: the
 * same random source gives the same stories; history.ts plays them through the ticket service.
 */
import type { Actor } from '../../platform/http/actor.ts';
import type { TicketService, TicketView } from '../tickets/index.ts';
import type { DemoPerson, DemoWorld } from './fixtures.ts';
import { REGIONS } from './geography.ts';
import { demoEmail } from './people.ts';
import * as phrases from './phrases.ts';
import type { SeededRandom } from './random.ts';
import { KIND_WEIGHTS, planReport, type Report } from './reports.ts';

type CreateTicketInput = Parameters<TicketService['createTicket']>[1];
type ActionInput = Parameters<TicketService['act']>[3];
type Priority = NonNullable<CreateTicketInput['priority']>;
type Status = TicketView['status'];

export const STORY_COUNT = 300;
const DUPLICATE_COUNT = 12;
const HISTORY_DAYS = 59;
const MINUTE = 60_000;
const HOUR = 60;
const DAY = 24 * HOUR;

export interface Step {
  /** Minutes after the ticket was created. */
  after: number;
  actor: Actor;
  action: string;
  input: ActionInput;
}

export interface Story {
  key: number;
  createdAt: Date;
  creator: Actor;
  /** The customer's contact the ticket is for (the creator unless staff took it by phone). */
  requester: Actor;
  input: CreateTicketInput;
  steps: Step[];
  /** Set on reports made on purpose to repeat another story's ticket. */
  repeats?: number;
}

const STATUS_WEIGHTS: readonly (readonly [Status, number])[] = [
  ['closed', 50], ['cancelled', 6], ['resolved', 8], ['on_hold', 5], ['in_progress', 7], ['accepted', 5], ['dispatched', 6], ['new', 6],
];

/** How customers report when they do not phone: the web app, its mobile view, a machine's QR code, WeCom, mail. */
const CHANNELS = [['web', 3], ['mobile', 3], ['qr', 2], ['wecom', 2], ['email', 1]] as const;

/** How soon a dispatcher acts, by priority: minutes. */
const DISPATCH_DELAY: Record<Priority, [number, number]> = { P1: [2, 10], P2: [8, 40], P3: [15, 120], P4: [45, 480] };

/** How long before now a story that stops while still open was reported, beyond its own length: minutes. */
const OPEN_AGE: Partial<Record<Status, [number, number]>> = {
  new: [10, 12 * HOUR], dispatched: [5, 8 * HOUR], accepted: [10, 2 * DAY], in_progress: [10, 3 * DAY], on_hold: [HOUR, 7 * DAY], resolved: [30, 3 * DAY],
};

class Chain {
  readonly steps: Step[] = [];
  private minutes = 0;

  constructor(private random: SeededRandom) {}

  add(delay: [number, number], actor: Actor, action: string, input: ActionInput = {}): this {
    this.minutes += this.random.int(delay[0], delay[1]);
    this.steps.push({ after: this.minutes, actor, action, input });
    return this;
  }

  get length(): number {
    return this.minutes;
  }
}

export function planStories(random: SeededRandom, world: DemoWorld, now: Date): Story[] {
  const person = (local: string) => world.byEmail.get(demoEmail(local))!;
  const expert = person('expert');
  const dispatcherOf = new Map<string, DemoPerson>();
  REGIONS.forEach((region, index) => {
    for (const point of region.servicePoints) dispatcherOf.set(point.code, person(index === 0 ? 'dispatcher' : `dispatcher${index + 1}`));
  });
  const deviceWeights = world.devices.map((device) => [device, device.owner.tier === 'platinum' ? 2 : 1] as const);
  const itDevices = world.devices.filter((device) => device.model.family === 'it');
  // A computer's fault is an IT incident, not a machine repair.
  const machineWeights = deviceWeights.filter(([device]) => device.model.family !== 'it');

  /** Engineers of the point with the skill, best first; the point's others, then the region's, as fallbacks. */
  function candidates(report: Report): DemoPerson[] {
    const point = report.customer.point.code;
    const available = world.engineers.filter((engineer) => engineer.availability !== 'on_leave');
    const region = REGIONS.find((candidate) => candidate.servicePoints.some((sp) => sp.code === point))!;
    const level = (engineer: DemoPerson) => engineer.skills.find((skill) => skill.key === report.skill)?.level ?? 0;
    const local = available.filter((engineer) => engineer.unit === point);
    const skilled = local.filter((engineer) => level(engineer) > 0).sort((a, b) => level(b) - level(a));
    const nearby = available.filter((engineer) => engineer.unit !== point && region.servicePoints.some((sp) => sp.code === engineer.unit) && level(engineer) > 0);
    return [...skilled, ...local.filter((engineer) => !skilled.includes(engineer)), ...nearby];
  }

  function assigneeFor(report: Report): DemoPerson {
    if (report.kind === 'consultation') return expert;
    const pool = candidates(report);
    if (report.kind === 'complaint') return pool.find((engineer) => engineer.roles.includes('manager')) ?? pool[0];
    // Mostly the best-skilled two, sometimes anyone able: dispatchers balance load too.
    return random.chance(0.75) ? random.pick(pool.slice(0, 2)) : random.pick(pool.slice(0, 5));
  }

  function story(key: number): Story {
    const kind = random.weighted(KIND_WEIGHTS);
    const device = kind === 'it_incident' ? random.pick(itDevices) : random.weighted(kind === 'repair' ? machineWeights : deviceWeights);
    const report = planReport(random, kind, device);
    const requester = report.customer.contact;
    const dispatcher = dispatcherOf.get(report.customer.point.code)!;
    const byPhone = random.chance(0.3);
    const location = report.device
      ? undefined // the device brings its own location
      : { ...report.customer.location, address: report.customer.address };
    const input: CreateTicketInput = {
      description: report.description, type: report.kind, priority: report.priority, customerId: report.customer.id,
      deviceId: report.linkDevice && report.device ? report.device.id : undefined, location,
      channel: byPhone ? 'phone' : random.weighted(CHANNELS),
      ...(byPhone ? { requesterId: requester.id } : {}),
    };
    const target = random.weighted(STATUS_WEIGHTS);
    const chain = planChain(random, target, report, { requester, dispatcher, expert, assignee: assigneeFor(report), alternate: () => assigneeFor(report) });
    return {
      key, createdAt: pickCreatedAt(random, target, report.kind, chain.length, now), creator: byPhone ? dispatcher.actor : requester.actor,
      requester: requester.actor, input, steps: chain.steps,
    };
  }

  const stories = Array.from({ length: STORY_COUNT }, (_, key) => story(key));
  return [...stories, ...planRepeats(random, stories, now)];
}

interface Cast {
  requester: DemoPerson;
  dispatcher: DemoPerson;
  expert: DemoPerson;
  assignee: DemoPerson;
  alternate: () => DemoPerson;
}

/** The steps after creation that bring a ticket to its target status, with believable detours. */
function planChain(random: SeededRandom, target: Status, report: Report, cast: Cast): Chain {
  const chain = new Chain(random);
  const { requester, dispatcher, expert } = cast;
  const fill = (template: string) => phrases.fill(template, { part: report.part });
  if (target === 'new') {
    if (random.chance(0.3)) chain.add([15, 90], requester.actor, 'comment', { body: random.pick(phrases.REQUESTER_COMMENTS) });
    return chain;
  }
  if (target === 'cancelled' && random.chance(0.5)) {
    const byRequester = random.chance(0.6);
    return chain.add([10, 120], byRequester ? requester.actor : dispatcher.actor, 'cancel',
      { reason: random.pick(byRequester ? phrases.CANCEL_REASONS_REQUESTER : phrases.CANCEL_REASONS_DISPATCHER) });
  }
  let assignee = cast.assignee;
  const note = random.chance(0.35) ? { comment: random.pick(phrases.DISPATCH_NOTES) } : {};
  chain.add(DISPATCH_DELAY[report.priority], dispatcher.actor, 'dispatch', { assigneeId: assignee.id, ...note });
  if (random.chance(target === 'dispatched' ? 0.2 : 0.08)) {
    const other = cast.alternate();
    if (other.id !== assignee.id) {
      chain.add([5, 30], assignee.actor, 'decline', { reason: random.pick(phrases.DECLINE_REASONS) });
      assignee = other;
      chain.add([3, 20], dispatcher.actor, 'dispatch', { assigneeId: assignee.id });
    }
  }
  if (target === 'dispatched') return chain;
  if (target === 'cancelled') return chain.add([20, 240], dispatcher.actor, 'cancel', { reason: random.pick(phrases.CANCEL_REASONS_DISPATCHER) });
  const remote = report.kind === 'consultation' || report.kind === 'it_incident' || report.kind === 'parts_request';
  chain.add(report.priority === 'P1' ? [1, 8] : [3, 30], assignee.actor, 'accept');
  if (target === 'accepted') return chain;
  chain.add(remote ? [5, 40] : [30, 240], assignee.actor, 'start');
  if (random.chance(0.3)) chain.add([15, 90], assignee.actor, 'comment', { body: fill(random.pick(phrases.ENGINEER_NOTES)), internal: true });
  if (random.chance(0.15)) chain.add([5, 60], requester.actor, 'comment', { body: random.pick(phrases.REQUESTER_COMMENTS) });
  if (target === 'in_progress') return chain;
  if (target === 'on_hold' || random.chance(0.14)) {
    const reason = report.kind === 'maintenance' ? '等待客户安排停机窗口' : fill(random.pick(phrases.HOLD_REASONS));
    chain.add([20, 120], assignee.actor, 'hold', { reason });
    if (random.chance(0.4)) chain.add([30, 600], expert.actor, 'comment', { body: random.pick(phrases.EXPERT_NOTES), internal: true });
    if (target === 'on_hold') return chain;
    chain.add([DAY, 3 * DAY], assignee.actor, 'resume');
  } else if (random.chance(0.1)) {
    chain.add([20, 180], expert.actor, 'comment', { body: random.pick(phrases.EXPERT_NOTES), internal: true });
  }
  chain.add(remote ? [20, 180] : [40, 360], assignee.actor, 'resolve', { solution: report.solution });
  if (target === 'resolved') return chain;
  closeOut(random, chain, cast, assignee, report);
  return chain;
}

/** From resolved to closed: the customer verifies (or fails it once), or the dispatcher closes. */
function closeOut(random: SeededRandom, chain: Chain, cast: Cast, assignee: DemoPerson, report: Report) {
  const { requester, dispatcher } = cast;
  const roll = random.next();
  if (roll < 0.06) {
    chain.add([2 * HOUR, DAY], requester.actor, 'verify', { result: 'unresolved', comment: random.pick(phrases.UNRESOLVED_COMMENTS) });
    chain.add([60, 300], assignee.actor, 'start');
    chain.add([60, 240], assignee.actor, 'resolve', { solution: `复查：${report.solution}` });
    chain.add([HOUR, DAY], requester.actor, 'verify', { result: 'satisfied', comment: '这次修好了，谢谢。' });
  } else if (roll < 0.2) {
    chain.add([2 * DAY, 3 * DAY], dispatcher.actor, 'close', { comment: '客户超过 48 小时未验收，电话回访确认后关闭。' });
  } else {
    const partial = random.chance(0.12);
    const byPhone = random.chance(0.1);
    const said = random.pick(partial ? phrases.PARTIAL_COMMENTS : phrases.SATISFIED_COMMENTS);
    chain.add([HOUR, 30 * HOUR], byPhone ? dispatcher.actor : requester.actor, 'verify', {
      result: partial ? 'partial' : 'satisfied',
      comment: byPhone ? `电话回访：${said || '客户确认设备运行正常。'}` : said || undefined,
    });
  }
  if (random.chance(0.04)) {
    chain.add([2 * DAY, 6 * DAY], requester.actor, 'reopen', { reason: random.pick(phrases.REOPEN_REASONS) });
    chain.add([30, 240], assignee.actor, 'start');
    chain.add([60, 300], assignee.actor, 'resolve', { solution: `返修：${report.solution}` });
    chain.add([HOUR, DAY], requester.actor, 'verify', { result: 'satisfied' });
  }
}

/**
 * When the story was reported: open ones recently, finished ones anywhere in the last two
 * months; breakdowns come in working hours (Asia/Shanghai), emergencies at any time.
 */
function pickCreatedAt(random: SeededRandom, target: Status, kind: string, length: number, now: Date): Date {
  const age = OPEN_AGE[target];
  const latest = now.getTime() - (length + 30) * MINUTE;
  let at = age ? latest - random.int(age[0], age[1]) * MINUTE : random.between(now.getTime() - HISTORY_DAYS * DAY * MINUTE, latest);
  const hour = (new Date(at).getUTCHours() + 8) % 24;
  // Only ever move earlier, so the story still ends before now.
  if (kind !== 'emergency' && (hour < 8 || hour >= 20)) at -= ((hour < 8 ? hour + 24 : hour) - random.int(9, 18)) * HOUR * MINUTE;
  return new Date(Math.floor(at / 1000) * 1000);
}

/** Customers who report the same fault again while it is still open: intake links these as duplicates. */
function planRepeats(random: SeededRandom, stories: Story[], now: Date): Story[] {
  const openLongEnough = (story: Story) => {
    const ends = story.steps.find((step) => step.action === 'resolve' || step.action === 'cancel')?.after ?? Infinity;
    return story.input.deviceId && ends > 120 && story.createdAt.getTime() + 120 * MINUTE < now.getTime();
  };
  return random.sample(stories.filter(openLongEnough), DUPLICATE_COUNT).map((original, index) => ({
    key: stories.length + index,
    createdAt: new Date(original.createdAt.getTime() + random.int(10, 100) * MINUTE),
    creator: original.requester,
    requester: original.requester,
    input: { ...original.input, description: random.pick(phrases.REPEAT_PREFIXES) + original.input.description, channel: 'mobile', requesterId: undefined },
    steps: [],
    repeats: original.key,
  }));
}
