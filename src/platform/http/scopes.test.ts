import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ACCOUNT_SCOPE, ANY_SCOPE, GRANTABLE_SCOPES, requiredScope, scopeAllows } from './scopes.ts';
import { createServer } from './server.ts';

describe('requiredScope', () => {
  it('reads with GET and HEAD, writes with the rest', () => {
    expect(requiredScope('GET', '/api/v1/tickets/:id')).toBe('tickets:read');
    expect(requiredScope('POST', '/api/v1/tickets/:id/actions/:action')).toBe('tickets:write');
    expect(requiredScope('DELETE', '/api/v1/devices/:id')).toBe('directory:write');
  });

  it('lets anyone read ticket types but only admins change them', () => {
    expect(requiredScope('GET', '/api/v1/ticket-types')).toBe('tickets:read');
    expect(requiredScope('PATCH', '/api/v1/ticket-types/:key')).toBe('admin:write');
  });

  it('keeps credentials out of every grantable scope', () => {
    expect(requiredScope('POST', '/api/v1/me/tokens')).toBe(ACCOUNT_SCOPE);
    expect(requiredScope('POST', '/api/v1/admin/api-clients')).toBe(ACCOUNT_SCOPE);
    expect(GRANTABLE_SCOPES).not.toContain(ACCOUNT_SCOPE);
    expect(scopeAllows(GRANTABLE_SCOPES, ACCOUNT_SCOPE)).toBe(false);
  });

  it('matches whole path segments only', () => {
    expect(requiredScope('GET', '/api/v1/me')).toBe(ANY_SCOPE);
    expect(requiredScope('GET', '/api/v1/me/elsewhere')).toBeUndefined();
    expect(requiredScope('GET', '/api/v1/ticketsx')).toBeUndefined();
  });
});

describe('scopeAllows', () => {
  it('lets unscoped tokens through, and write include read of the same area only', () => {
    expect(scopeAllows(null, 'admin:write')).toBe(true);
    expect(scopeAllows(['tickets:write'], 'tickets:read')).toBe(true);
    expect(scopeAllows(['tickets:read'], 'tickets:write')).toBe(false);
    expect(scopeAllows(['tickets:write'], 'directory:read')).toBe(false);
  });
});

describe('the server', () => {
  it('refuses to register an authenticated route no scope covers', async () => {
    const app = await createServer({
      logger: pino({ level: 'silent' }), maxUploadBytes: 1024, version: 'test',
      authenticate: async () => null, admit: () => undefined,
    });
    expect(() => app.get('/api/v1/unscoped', async () => ({}))).toThrow(/No scope covers GET \/api\/v1\/unscoped/);
    await app.close();
  });
});
