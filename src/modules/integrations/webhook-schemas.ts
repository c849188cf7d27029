/**
 * The published JSON Schemas (draft 2020-12) of the webhook payloads, one per event type, served
 * at GET /api/v1/webhooks/schemas/{eventType}. The ticket is the API.md Ticket: its stable fields
 * are required, and more may appear (additionalProperties), as API.md allows.
 */
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook-events.ts';

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });
const dateTime = { type: 'string', format: 'date-time' };
const uuid = { type: 'string', format: 'uuid' };
const STATUSES = ['new', 'dispatched', 'accepted', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled'];

const TICKET = {
  type: 'object',
  required: ['id', 'number', 'type', 'status', 'priority', 'title', 'description', 'assigneeId', 'customerId', 'deviceId',
    'location', 'fields', 'sla', 'createdAt', 'updatedAt', 'version'],
  properties: {
    id: uuid, number: { type: 'string' }, type: { type: 'string' }, status: { enum: STATUSES },
    priority: { enum: ['P1', 'P2', 'P3', 'P4'] }, title: { type: 'string' }, description: { type: 'string' },
    assigneeId: nullable('string', { format: 'uuid' }), customerId: nullable('string', { format: 'uuid' }),
    deviceId: nullable('string', { format: 'uuid' }),
    location: {
      oneOf: [{ type: 'null' }, { type: 'object', required: ['lat', 'lng'], properties: { lat: { type: 'number' }, lng: { type: 'number' }, address: { type: 'string' } } }],
    },
    fields: { type: 'object' },
    sla: {
      type: 'object', required: ['responseDueAt', 'resolveDueAt', 'firstRespondedAt', 'breaches'],
      properties: {
        responseDueAt: nullable('string', { format: 'date-time' }), resolveDueAt: nullable('string', { format: 'date-time' }),
        firstRespondedAt: nullable('string', { format: 'date-time' }), breaches: { type: 'array' },
      },
    },
    createdAt: dateTime, updatedAt: dateTime, version: { type: 'integer', minimum: 1 },
  },
};

/** What each event type adds to `data` beside the ticket and the actor. */
const DETAILS: Record<WebhookEventType, { required: string[]; properties: Record<string, unknown> }> = {
  'ticket.created': { required: [], properties: {} },
  'ticket.updated': { required: ['action'], properties: { action: { type: 'string' } } },
  'ticket.status_changed': {
    required: ['from', 'to', 'action'], properties: { from: { enum: STATUSES }, to: { enum: STATUSES }, action: { type: 'string' } },
  },
  'ticket.assigned': {
    required: ['assigneeId', 'previousAssigneeId'], properties: { assigneeId: uuid, previousAssigneeId: nullable('string', { format: 'uuid' }) },
  },
  'ticket.commented': {
    required: ['comment'],
    properties: { comment: { type: 'object', required: ['body', 'internal'], properties: { body: { type: 'string' }, internal: { type: 'boolean' } } } },
  },
  'ticket.sla_breached': {
    required: ['breach'],
    properties: { breach: { type: 'object', required: ['clock', 'dueAt'], properties: { clock: { enum: ['response', 'resolve', null] }, dueAt: nullable('string', { format: 'date-time' }) } } },
  },
  'ticket.verified': {
    required: ['verification'],
    properties: { verification: { type: 'object', required: ['result'], properties: { result: { enum: ['satisfied', 'partial', 'unresolved', null] }, comment: nullable('string') } } },
  },
  'ticket.closed': { required: [], properties: {} },
};

/** The JSON Schema of one event type's payload; `$id` is its stable URL under `baseUrl`. */
export function payloadSchema(type: WebhookEventType, baseUrl: string): Record<string, unknown> {
  const details = DETAILS[type];
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${baseUrl}/api/v1/webhooks/schemas/${type}`,
    title: `Loopdesk webhook: ${type}`,
    type: 'object',
    required: ['type', 'timestamp', 'data'],
    properties: {
      type: { const: type },
      timestamp: dateTime,
      data: {
        type: 'object',
        required: ['ticket', 'actorId', ...details.required],
        properties: { ticket: TICKET, actorId: nullable('string', { format: 'uuid' }), ...details.properties },
      },
    },
  };
}

export const PAYLOAD_SCHEMA_TYPES = WEBHOOK_EVENT_TYPES;
