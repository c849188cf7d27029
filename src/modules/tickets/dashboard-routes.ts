/**
 * What the dashboard and the dispatcher board read: GET /api/v1/analytics/dashboard,
 * GET /api/v1/analytics/engineer-load and GET /api/v1/tickets/at-risk.
 */
import { Type } from 'typebox';
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/server.ts';
import { createAtRiskService } from './at-risk.ts';
import { createDashboardService } from './dashboard.ts';
import * as schemas from './dashboard-schemas.ts';
import { Ticket } from './schemas.ts';

export function dashboardRoutes(app: App, ctx: Ctx): void {
  const dashboard = createDashboardService(ctx);
  const atRisk = createAtRiskService(ctx);

  app.get('/api/v1/analytics/dashboard', {
    schema: {
      tags: ['analytics'],
      summary: 'Dashboard figures in the tenant\'s time zone: today\'s backlog, SLA at risk, first-response time, top fault types, engineer load (admin, manager, dispatcher, expert, finance)',
      querystring: schemas.DashboardQuery,
      response: { 200: schemas.Dashboard },
    },
  }, async (request) => dashboard.dashboard(request.actor, request.query));

  app.get('/api/v1/analytics/engineer-load', {
    schema: {
      tags: ['analytics'],
      summary: 'Every active engineer\'s open tickets by status, most loaded first (admin, manager, dispatcher, expert, finance)',
      response: { 200: schemas.EngineerLoadList },
    },
  }, async (request) => dashboard.engineerLoad(request.actor));

  app.get('/api/v1/tickets/at-risk', {
    schema: {
      tags: ['tickets'],
      summary: 'Open tickets the caller may see whose running SLA clock is overdue or due soon, nearest deadline first',
      querystring: schemas.AtRiskQuery,
      response: { 200: Type.Object({ items: Type.Array(Ticket), withinSeconds: Type.Integer() }) },
    },
  }, async (request) => atRisk(request.actor, {
    withinSeconds: (request.query.withinMinutes ?? 60) * 60, limit: request.query.limit ?? 100,
  }));
}
