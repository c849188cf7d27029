/**
 * The dispatch engine against the database: load one ticket's candidates in a few set-based
 * statements, decide with the pure filters and scoring, and (when choosing) store the decision
 * with its ranked candidates in the caller's transaction, so "why this engineer" can be
 * answered later from what was known then.
 */
import type { Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { getTenant } from '../directory/index.ts';
import { cachedTicketType, type DispatchChoice, type DispatchChooser, type TicketState } from '../tickets/index.ts';
import type { Engineer, Requirement } from './candidates.ts';
import { readDispatchConfig, type DispatchConfig } from './config.ts';
import { describeShortage, describeShortageEn } from './explain.ts';
import type { GeoPoint } from './geo.ts';
import { readHistory, triggerOf, type DispatchHistory } from './history.ts';
import { orgTree, regionScope, type OrgTree } from './org.ts';
import { activePauses } from './pauses.ts';
import { DEFAULT_WEIGHTS, proposeDispatch, validateWeights, type DispatchTicket, type Proposal, type Weights } from './scoring.ts';
import * as store from './store.ts';

/** The tenant setting that holds the weights. */
export const WEIGHTS_SETTING = 'dispatchWeights';

/** The tenant's weights. Only validateWeights writes them; a setting edited by hand into nonsense falls back to the defaults. */
export function weightsOf(settings: Record<string, unknown>): Weights {
  const stored = settings[WEIGHTS_SETTING];
  if (stored === undefined) return { ...DEFAULT_WEIGHTS };
  try {
    return validateWeights(stored);
  } catch {
    return { ...DEFAULT_WEIGHTS };
  }
}

export async function typeConfig(db: Db, tenantId: string, typeKey: string): Promise<DispatchConfig> {
  return readDispatchConfig((await cachedTicketType(db, tenantId, typeKey))?.dispatch);
}

/** A proposal with everything around it that explains it. */
export interface Evaluation extends Proposal {
  candidates: store.StoredCandidate[];
  config: DispatchConfig;
  weights: Weights;
  history: DispatchHistory;
  orgScope: string | null;
  location: GeoPoint | null;
}

const FAR_PAST = new Date(-8.64e15);
const FAR_FUTURE = new Date(8.64e15);

function toEngineer(row: store.EngineerRow, tree: OrgTree, skills: Map<string, Engineer['skills']>, pauses: Map<string, Date>): Engineer {
  return {
    id: row.id, name: row.name, roles: row.roles as Engineer['roles'], active: row.active, availability: row.availability,
    // A delegate without a window stands in for as long as the status says on leave.
    leave: row.leaveDelegateId ? { delegateId: row.leaveDelegateId, from: row.leaveFrom ?? FAR_PAST, until: row.leaveUntil ?? FAR_FUTURE } : null,
    orgUnitIds: tree.chainOf(row.orgUnitId),
    skills: skills.get(row.id) ?? [],
    location: row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null,
    openLoad: row.openLoad, takenLast7Days: row.takenLately, typeResults: { resolved: row.resolved, reopened: row.reopened },
    pausedUntil: pauses.get(row.id) ?? null,
  };
}

/** Ranks the tenant's engineers for a ticket as the engine would choose now. Reads only. */
export async function evaluate(db: Db, tenantId: string, ticket: TicketState, now: Date): Promise<Evaluation> {
  const config = await typeConfig(db, tenantId, ticket.type);
  const weights = weightsOf((await getTenant(db, tenantId)).settings);
  const rows = await store.loadEngineerRows(db, tenantId, ticket.type, now);
  const skills = await store.loadSkills(db, tenantId, [...new Set([...config.requiredSkills.map((skill) => skill.key), ...config.certificates])]);
  const tree = orgTree(await store.loadOrgUnits(db, tenantId));
  const place = await store.loadTicketPlace(db, tenantId, ticket);
  const history = readHistory(await store.loadDispatchEvents(db, tenantId, ticket.id));
  const pauses = await activePauses(db, tenantId, now);

  const engineers = rows.map((row) => toEngineer(row, tree, skills, pauses));
  const orgScope = regionScope(tree, place.customerUnitId);
  const requirement: Requirement = {
    orgScope, skills: config.requiredSkills, certificates: config.certificates, passedOver: history.passedOver,
  };
  const location = ticket.location ? { lat: ticket.location.lat, lng: ticket.location.lng } : place.deviceLocation;
  const dispatchTicket: DispatchTicket = { location, requiredSkills: config.requiredSkills };
  const proposal = proposeDispatch(engineers, requirement, dispatchTicket, weights, now);
  const names = new Map(rows.map((row) => [row.id, row.name]));
  return {
    ...proposal,
    candidates: proposal.candidates.map((candidate) => ({ ...candidate, name: names.get(candidate.userId) ?? null })),
    config, weights, history, orgScope, location,
  };
}

/** The best eligible engineers of an evaluation: one, or offerCount for an offer. */
export function pick(evaluation: Evaluation): string[] {
  const wanted = evaluation.config.mode === 'offer' ? evaluation.config.offerCount : 1;
  const chosen: string[] = [];
  for (const candidate of evaluation.candidates) {
    if (chosen.length === wanted || candidate.excludedBecause) break;
    chosen.push(candidate.userId);
  }
  return chosen;
}

/**
 * The engine behind "dispatch" without an assignee: the type's mode decides between the best
 * engineer and an offer to the best N; people who passed on the ticket are left out. The
 * decision is stored even when nobody qualifies (then with nobody chosen), and the refusal
 * names the reasons, counted.
 */
export function createChooser(): DispatchChooser {
  return async (db, tenantId, ticket, actorId, now): Promise<DispatchChoice> => {
    const evaluation = await evaluate(db, tenantId, ticket, now);
    const chosen = pick(evaluation);
    await store.insertDecision(db, {
      tenantId, ticketId: ticket.id, mode: evaluation.config.mode, trigger: triggerOf(evaluation.history, actorId), actorId, chosen,
      candidates: evaluation.candidates, eligibleCount: evaluation.eligibleCount, excludedCount: evaluation.excludedCount,
      weights: evaluation.weights, now,
    });
    if (!chosen.length) {
      throw new AppError('business_rule', describeShortageEn(evaluation.excludedFor), {
        reason: describeShortage(evaluation.excludedFor), excludedFor: evaluation.excludedFor,
      });
    }
    return evaluation.config.mode === 'offer' ? { offerTo: chosen } : { assigneeId: chosen[0] };
  };
}

/** A dispatcher's own choice, kept beside what the engine would have proposed at that moment. */
export async function recordManualDecision(db: Db, tenantId: string, ticket: TicketState, chosen: string[], actorId: string | null, now: Date) {
  const evaluation = await evaluate(db, tenantId, ticket, now);
  await store.insertDecision(db, {
    tenantId, ticketId: ticket.id, mode: 'manual', trigger: actorId ? 'dispatcher' : 'system', actorId, chosen,
    candidates: evaluation.candidates, eligibleCount: evaluation.eligibleCount, excludedCount: evaluation.excludedCount,
    weights: evaluation.weights, now,
  });
}
