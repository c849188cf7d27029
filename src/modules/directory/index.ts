/** What other modules may use of the directory. */
export { findTenantBySlug, getTenant, insertTenant, type Tenant } from './tenants.ts';
export { findLoginUser, getUser, insertUser, listUsers, replaceSkills, type NewUser, type Skill, type User } from './users-store.ts';
export { findDeviceByCodes, getDevice, type Device } from './devices-store.ts';
export { customerExists } from './customers-store.ts';
