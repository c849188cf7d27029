/** GET and PUT /api/v1/admin/closure/settings. */
import { Type } from 'typebox';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasRole } from '../../platform/http/actor.ts';
import type { App } from '../../platform/http/server.ts';
import { getClosureSettings, updateClosureSettings } from './settings.ts';

const tags = ['closure'];
const PATH = '/api/v1/admin/closure/settings';
const Id = Type.String({ format: 'uuid' });

const Settings = Type.Object({
  verificationLinkHours: Type.Integer({ description: 'Hours a customer\'s verification link works (default 168)' }),
  autoVerifyDays: Type.Integer({ description: 'Days without an answer before the system verifies the ticket itself; 0 never (default 7)' }),
  pauseEngineerOnUnresolved: Type.Boolean({ description: '"Not solved" takes the engineer off automatic dispatch for the rest of the day (default true)' }),
  surveyDelayHours: Type.Integer({ description: 'Hours after closing that the follow-up survey goes out; 0 sends none (default 72)' }),
  surveyExpiryDays: Type.Integer({ description: 'Days a survey link stays open (default 14)' }),
  surveyAlertBelow: Type.Integer({ description: 'A survey score below this alerts the service directors (default 3)' }),
  directorIds: Type.Array(Id, { description: 'The service directors; empty: the tenant\'s managers' }),
  recurrenceThreshold: Type.Integer({ description: 'The Nth similar ticket within the window opens a problem (default 3)' }),
  recurrenceWindowDays: Type.Integer({ description: 'Default 15' }),
  eradicationWindowDays: Type.Integer({ description: 'A closed ticket is eradicated when no similar one follows within this many days (default 30)' }),
  problemOwnerId: Type.Union([Id, Type.Null()], { description: 'Who owns new problems; null: the first expert, else the first manager' }),
});

export function settingsRoutes(app: App, ctx: Ctx): void {
  app.get(PATH, {
    schema: { tags, summary: 'Closure settings: verification, surveys, recurrence (admin, manager)', response: { 200: Settings } },
  }, async (request) => {
    if (!hasRole(request.actor, 'admin', 'manager')) throw new AppError('forbidden', 'Only an admin or a manager may read closure settings.');
    return getClosureSettings(ctx.db, request.actor.tenantId);
  });

  app.put(PATH, {
    schema: {
      tags, summary: 'Change closure settings (admin); fields left out keep their value', body: Type.Partial(Settings, { additionalProperties: false }),
      response: { 200: Settings },
    },
  }, async (request) => updateClosureSettings(ctx.db, request.actor, request.body as Record<string, unknown>));
}
