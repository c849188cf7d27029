import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('the directory in /openapi.json', () => {
  it('documents every directory route under the directory tag, with a summary', async () => {
    const response = await app.request('GET', '/openapi.json');
    expect(response.status).toBe(200);
    const paths = response.body.paths as Record<string, Record<string, { tags?: string[]; summary?: string }>>;
    const expected = [
      'get /api/v1/org-units', 'post /api/v1/org-units', 'get /api/v1/org-units/{id}', 'patch /api/v1/org-units/{id}', 'delete /api/v1/org-units/{id}',
      'get /api/v1/users', 'post /api/v1/users', 'get /api/v1/users/{id}', 'patch /api/v1/users/{id}',
      'put /api/v1/users/{id}/skills', 'put /api/v1/users/{id}/availability', 'put /api/v1/me/location',
      'get /api/v1/customers', 'post /api/v1/customers', 'get /api/v1/customers/{id}', 'patch /api/v1/customers/{id}', 'delete /api/v1/customers/{id}',
      'get /api/v1/devices', 'post /api/v1/devices', 'get /api/v1/devices/{id}', 'patch /api/v1/devices/{id}', 'delete /api/v1/devices/{id}',
    ];
    for (const route of expected) {
      const [method, path] = route.split(' ');
      const operation = paths[path]?.[method];
      expect(operation, route).toBeDefined();
      expect(operation.tags, route).toEqual(['directory']);
      expect(operation.summary, route).toEqual(expect.any(String));
    }
  });
});
