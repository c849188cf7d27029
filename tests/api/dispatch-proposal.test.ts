/**
 * GET /tickets/{id}/dispatch-proposal and dispatch-decisions: who the engine proposes, with the
 * score parts, why the others are left out, and who may ask. Hard filters: skills and levels,
 * certificates and their expiry, availability, leave (the delegate stands in), org scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { insertTicketIn } from '../support/tickets.ts';
import { MIDDLE, NEAR, SUZHOU, act, engineer, hvCertificate, hydraulics, report, typeWithDispatch, withoutDuplicateGuard } from './dispatch-support.ts';

const clock = new ManualClock('2026-11-24T02:00:00Z');
let app: TestApp;
let t: TestTenant;
let other: TestTenant;
let people: Record<'near' | 'far' | 'novice' | 'uncertified' | 'lapsed' | 'away' | 'standIn' | 'offline', { id: string; token: string; name: string }>;
let type: string;

const VALID = '2027-06-30T00:00:00.000Z';
const LAPSED = '2026-11-23T23:59:59.000Z';

beforeAll(async () => {
  app = await startTestApp({ clock });
  [t, other] = [await createTenant(app), await createTenant(app)];
  await withoutDuplicateGuard(app, t);
  const fit = [hydraulics(4), hvCertificate(VALID)];
  people = {
    near: await engineer(app, t, '张近', { skills: fit, location: NEAR }),
    far: await engineer(app, t, '李远', { skills: fit, location: SUZHOU }),
    novice: await engineer(app, t, '王新', { skills: [hydraulics(1), hvCertificate(VALID)], location: NEAR }),
    uncertified: await engineer(app, t, '赵无证', { skills: [hydraulics(5)], location: NEAR }),
    lapsed: await engineer(app, t, '钱过期', { skills: [hydraulics(5), hvCertificate(LAPSED)], location: NEAR }),
    away: await engineer(app, t, '孙休假', { skills: fit, location: NEAR }),
    standIn: await engineer(app, t, '周代班', { skills: [hydraulics(3), hvCertificate(VALID)], location: MIDDLE }),
    offline: await engineer(app, t, '吴离线', { skills: fit, location: NEAR, availability: 'offline' }),
  };
  const leave = await app.request('PUT', `/api/v1/users/${people.away.id}/availability`, {
    token: t.dispatcher.token,
    body: { availability: 'on_leave', delegateId: people.standIn.id, from: '2026-11-23T00:00:00Z', until: '2026-11-30T00:00:00Z' },
  });
  expect(leave.status).toBe(200);
  type = await typeWithDispatch(app, t, { requiredSkills: [{ key: 'hydraulics', minLevel: 2 }], certificates: ['electrical_hv'] });
});
afterAll(() => app.close());

const proposalOf = (id: string, token = t.dispatcher.token) => app.request('GET', `/api/v1/tickets/${id}/dispatch-proposal`, { token });

describe('the dispatch proposal', () => {
  it('ranks the engineers who pass every filter by their score, nearest first when all else is equal', async () => {
    const ticket = await report(app, t, type);
    const { status, body } = await proposalOf(ticket.id);
    expect(status).toBe(200);
    const eligible = body.candidates.filter((candidate: { excludedBecause?: string }) => !candidate.excludedBecause);
    expect(eligible.map((candidate: { userId: string }) => candidate.userId)).toEqual([people.near.id, people.standIn.id, people.far.id]);
    expect(body.eligibleCount).toBe(3);
    for (let i = 1; i < eligible.length; i++) expect(eligible[i - 1].score).toBeGreaterThanOrEqual(eligible[i].score);
    expect(body.candidates[0]).toMatchObject({ userId: people.near.id, name: '张近', distanceKm: expect.closeTo(5, 0) });
  });

  it('shows each score as the weighted mean of its parts', async () => {
    const ticket = await report(app, t, type);
    const { body } = await proposalOf(ticket.id);
    const weights = body.weights as Record<string, number>;
    expect(weights).toEqual({ skill: 3, distance: 3, load: 2, recent: 1, results: 1 });
    const total = Object.values(weights).reduce((sum, weight) => sum + weight, 0);
    const [near, standIn] = body.candidates;
    // hydraulics 4 of 5; no open tickets, none taken this week, no history on this type.
    expect(near.parts).toMatchObject({ skill: 0.8, load: 1, recent: 1, results: 0.5 });
    expect(near.parts.distance).toBeCloseTo(1 / (1 + near.distanceKm / 20), 2);
    expect(standIn.parts.skill).toBe(0.6);
    for (const candidate of [near, standIn]) {
      const mean = Object.entries(weights).reduce((sum, [name, weight]) => sum + weight * candidate.parts[name], 0) / total;
      expect(candidate.score).toBeCloseTo(mean, 3);
    }
  });

  it('says why everyone else is left out: skill level, certificate missing or expired, offline, on leave', async () => {
    const ticket = await report(app, t, type);
    const { body } = await proposalOf(ticket.id);
    const reasons = Object.fromEntries(body.candidates.map((candidate: { userId: string; excludedBecause?: string }) => [candidate.userId, candidate.excludedBecause]));
    expect(reasons).toMatchObject({
      [people.novice.id]: 'skill_level:hydraulics',
      [people.uncertified.id]: 'missing_certificate:electrical_hv',
      [people.lapsed.id]: 'certificate_expired:electrical_hv',
      [people.offline.id]: 'offline',
      [people.away.id]: 'on_leave',
      [t.engineer.id]: 'missing_skill:hydraulics',
    });
    const excluded = body.candidates.filter((candidate: { excludedBecause?: string }) => candidate.excludedBecause);
    expect(excluded.every((candidate: { score: number }) => candidate.score === 0)).toBe(true);
    expect(body.excludedCount).toBe(excluded.length);
    expect(body.excludedFor).toMatchObject({ on_leave: 1, offline: 1, 'missing_skill:hydraulics': 2 });
  });

  it('replaces an engineer on leave by their delegate, marked as standing in', async () => {
    const ticket = await report(app, t, type);
    const { body } = await proposalOf(ticket.id);
    const standIn = body.candidates.find((candidate: { userId: string }) => candidate.userId === people.standIn.id);
    expect(standIn).toMatchObject({ delegateFor: people.away.id });
    expect(standIn.excludedBecause).toBeUndefined();
  });

  it('ranks by the tenant\'s weights: load first puts the engineer with fewer open tickets ahead', async () => {
    await insertTicketIn(app, t.tenant.id, { status: 'in_progress', assigneeId: people.near.id, type });
    const ticket = await report(app, t, type);
    const before = await proposalOf(ticket.id);
    expect(before.body.candidates[0].userId).toBe(people.near.id);
    expect(before.body.candidates[0].parts.load).toBe(0.5);
    const set = await app.request('PUT', '/api/v1/admin/dispatch/weights', { token: t.admin.token, body: { distance: 0, load: 10 } });
    expect(set.status).toBe(200);
    const after = await proposalOf(ticket.id);
    expect(after.body.weights).toMatchObject({ distance: 0, load: 10 });
    // The two without open tickets now lead; the nearest falls to the end.
    expect(after.body.candidates.slice(0, 3).map((candidate: { userId: string }) => candidate.userId))
      .toEqual([people.far.id, people.standIn.id, people.near.id]);
    await app.request('PUT', '/api/v1/admin/dispatch/weights', { token: t.admin.token, body: {} });
  });

  it('keeps the ticket in the customer\'s region: engineers of another region are out of scope', async () => {
    const region = async (name: string) => (await app.request('POST', '/api/v1/org-units', {
      token: t.admin.token, body: { kind: 'region', parentId: t.companyId, name },
    })).body.id as string;
    const [east, south] = [await region('华东大区'), await region('华南大区')];
    const shanghaiPoint = (await app.request('POST', '/api/v1/org-units', {
      token: t.admin.token, body: { kind: 'service_point', parentId: east, name: '上海服务站' },
    })).body.id as string;
    const eastEngineer = await engineer(app, t, '郑华东', { skills: [hydraulics(3), hvCertificate(VALID)], location: SUZHOU, orgUnitId: shanghaiPoint });
    const southEngineer = await engineer(app, t, '冯华南', { skills: [hydraulics(5), hvCertificate(VALID)], location: NEAR, orgUnitId: south });
    const customer = (await app.request('POST', '/api/v1/customers', { token: t.admin.token, body: { name: '上海液压件厂', orgUnitId: shanghaiPoint } })).body;
    const ticket = await report(app, t, type, { customerId: customer.id });
    const { body } = await proposalOf(ticket.id);
    const reasonOf = (id: string) => body.candidates.find((candidate: { userId: string }) => candidate.userId === id)?.excludedBecause;
    expect(body.requirement.orgScope).toBe(east);
    expect(reasonOf(southEngineer.id)).toBe('out_of_scope');
    expect(reasonOf(eastEngineer.id)).toBeUndefined();
    // The company's own engineers belong to no region.
    expect(reasonOf(people.near.id)).toBe('out_of_scope');
  });

  it('answers dispatchers, managers and admins, and 403 to everyone else', async () => {
    const ticket = await report(app, t, type);
    for (const user of [t.dispatcher, t.manager, t.admin]) expect((await proposalOf(ticket.id, user.token)).status).toBe(200);
    for (const user of [t.engineer, t.expert, t.finance, t.requester]) {
      const response = await proposalOf(ticket.id, user.token);
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
    }
  });

  it('answers 404 for another tenant\'s ticket and for one that does not exist', async () => {
    const ticket = await report(app, t, type);
    expect((await proposalOf(ticket.id, other.dispatcher.token)).status).toBe(404);
    expect((await app.request('GET', `/api/v1/tickets/${ticket.id}/dispatch-decisions`, { token: other.dispatcher.token })).status).toBe(404);
    expect((await proposalOf('0190a6f0-0000-7000-8000-000000000000')).status).toBe(404);
  });
});

describe('dispatch decisions: why this engineer', () => {
  it('stores the engine\'s choice with its ranked candidates and score parts', async () => {
    const ticket = await report(app, t, type);
    const best = (await proposalOf(ticket.id)).body.candidates[0];
    const dispatched = await act(app, t.dispatcher.token, ticket.id, 'dispatch');
    expect(dispatched.status).toBe(200);
    expect(dispatched.body.assigneeId).toBe(best.userId);
    const { status, body } = await app.request('GET', `/api/v1/tickets/${ticket.id}/dispatch-decisions`, { token: t.manager.token });
    expect(status).toBe(200);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      mode: 'propose', trigger: 'dispatcher', actorId: t.dispatcher.id, chosen: [best.userId],
      weights: { skill: 3, distance: 3, load: 2, recent: 1, results: 1 },
    });
    expect(body.items[0].candidates[0]).toEqual(best);
  });

  it('records a dispatcher\'s own choice as manual, beside what the engine proposed', async () => {
    const ticket = await report(app, t, type);
    await act(app, t.dispatcher.token, ticket.id, 'dispatch', { assigneeId: people.far.id });
    const { body } = await app.request('GET', `/api/v1/tickets/${ticket.id}/dispatch-decisions`, { token: t.dispatcher.token });
    expect(body.items[0]).toMatchObject({ mode: 'manual', trigger: 'dispatcher', chosen: [people.far.id] });
    expect(body.items[0].candidates.length).toBeGreaterThan(3);
  });

  it('refuses with 422 and the reasons when nobody can take the ticket, storing nothing', async () => {
    const impossible = await typeWithDispatch(app, t, { requiredSkills: [{ key: 'plc', minLevel: 1 }] });
    const ticket = await report(app, t, impossible);
    const response = await act(app, t.dispatcher.token, ticket.id, 'dispatch');
    expect(response.status).toBe(422);
    expect(response.body.error.message).toMatch(/Nobody can take this ticket/);
    expect(response.body.error.details.reason).toMatch(/缺少技能 plc/);
    const decisions = await app.request('GET', `/api/v1/tickets/${ticket.id}/dispatch-decisions`, { token: t.dispatcher.token });
    expect(decisions.body.items).toEqual([]);
  });
});
