/** What other modules and the app may use of notifications. */
export { TEMPLATE_KEYS, type TemplateKey } from './templates.ts';
export { notify, type NotifyRequest } from './notify.ts';
export { NOTIFY_DELIVER, deliverHandler } from './delivery.ts';
export { notifyRoutes } from './routes.ts';
