/** The tenant's closure settings: defaults, admin-only changes, refusals that name the field. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLOSURE_SETTINGS } from '../../src/modules/closure/settings.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';

const PATH = '/api/v1/admin/closure/settings';
let app: TestApp;
let t: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  app = await startTestApp();
  t = await createTenant(app);
  other = await createTenant(app);
});
afterAll(() => app.close());

describe('closure settings', () => {
  it('start at the defaults: a 7-day link, auto-verify after 7 days, the survey at 72 h, 3 in 15 days', async () => {
    const response = await app.request('GET', PATH, { token: t.manager.token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(DEFAULT_CLOSURE_SETTINGS);
    expect(response.body).toMatchObject({ verificationLinkHours: 168, autoVerifyDays: 7, surveyDelayHours: 72, recurrenceThreshold: 3, recurrenceWindowDays: 15 });
  });

  it('are changed by an admin, field by field, and stay apart from other tenants', async () => {
    const changed = await app.request('PUT', PATH, { token: t.admin.token, body: { surveyDelayHours: 48, directorIds: [t.manager.id], pauseEngineerOnUnresolved: false } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ surveyDelayHours: 48, directorIds: [t.manager.id], pauseEngineerOnUnresolved: false, autoVerifyDays: 7 });
    expect((await app.request('GET', PATH, { token: t.admin.token })).body.surveyDelayHours).toBe(48);
    expect((await app.request('GET', PATH, { token: other.admin.token })).body.surveyDelayHours).toBe(72);
  });

  it('refuse what cannot work, naming the field, and change nothing', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ surveyDelayHours: -1 }, 400, 'surveyDelayHours'],
      [{ recurrenceThreshold: 1 }, 400, 'recurrenceThreshold'],
      [{ autoVerifyDays: 2.5 }, 400, 'autoVerifyDays'],
      [{ directorIds: [other.manager.id] }, 400, 'directorIds'],
      [{ problemOwnerId: '01900000-0000-7000-8000-000000000000' }, 400, 'problemOwnerId'],
      [{ colour: 'red' }, 400, 'colour'],
    ];
    for (const [body, status, field] of cases) {
      const response = await app.request('PUT', PATH, { token: t.admin.token, body });
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(JSON.stringify(response.body.error), JSON.stringify(body)).toContain(field);
    }
    expect((await app.request('GET', PATH, { token: t.admin.token })).body.recurrenceThreshold).toBe(3);
  });

  it('are read by admins and managers, changed only by admins', async () => {
    expect((await app.request('GET', PATH, { token: t.engineer.token })).status).toBe(403);
    expect((await app.request('PUT', PATH, { token: t.manager.token, body: { surveyDelayHours: 1 } })).status).toBe(403);
    expect((await app.request('PUT', PATH, { token: t.dispatcher.token, body: { surveyDelayHours: 1 } })).status).toBe(403);
  });
});
