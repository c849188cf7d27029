/** What other modules may use of the directory. */
export { findTenantBySlug, getTenant, insertTenant, type Tenant } from './tenants.ts';
export { findLoginUser, getUser, getUsersByIds, insertUser, listUsers, replaceSkills, type NewUser, type Skill, type User, type UserFilter } from './users-store.ts';
export { findDeviceByCodes, getDevice, type Device } from './devices-store.ts';
export { customerExists, getCustomer, CUSTOMER_TIERS, type Customer, type CustomerTier } from './customers-store.ts';
export { getOrgUnit, insertOrgUnit, listOrgUnits, type NewOrgUnit, type OrgUnit } from './org-units-store.ts';
export { ORG_UNIT_KINDS, type OrgUnitKind } from './org-tree.ts';
export { AVAILABILITIES, type Availability } from './leave.ts';
