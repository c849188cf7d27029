/**
 * Smooth flow between systems: outbound webhooks (signed as Standard Webhooks, delivered by the
 * runner in order per ticket) and inbound connectors (JSON or XML, validated, mapped into
 * tickets idempotently by the source's id).
 */
export { registerWebhooks, webhookJobHandlers, webhookRoutes } from './webhooks.ts';
export { connectorJobHandlers, connectorRoutes, registerConnectors } from './connectors.ts';
export { importExportRoutes } from './import-routes.ts';
export { importJobHandlers } from './import-job.ts';
