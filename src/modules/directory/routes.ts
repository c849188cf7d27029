/** HTTP routes of the directory: org units, users, customers, devices. The app wires this one function. */
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/server.ts';
import { createAvailabilityService } from './availability-service.ts';
import { customerRoutes } from './customers-routes.ts';
import { createCustomerService } from './customers-service.ts';
import { deviceRoutes } from './devices-routes.ts';
import { createDeviceService } from './devices-service.ts';
import { orgUnitRoutes } from './org-units-routes.ts';
import { createOrgUnitService } from './org-units-service.ts';
import { userRoutes } from './users-routes.ts';
import { createUserService } from './users-service.ts';

export function directoryRoutes(app: App, ctx: Ctx) {
  orgUnitRoutes(app, createOrgUnitService(ctx));
  userRoutes(app, createUserService(ctx), createAvailabilityService(ctx));
  customerRoutes(app, createCustomerService(ctx));
  deviceRoutes(app, createDeviceService(ctx));
}
