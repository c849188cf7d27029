/** What other modules may use of the directory. */
export { findTenantBySlug, getTenant, insertTenant, type Tenant } from './tenants.ts';
export { findLoginUser, getUser, getUsersByIds, insertUser, listUsers, replaceSkills, type NewUser, type Skill, type User, type UserFilter } from './users-store.ts';
export { findDeviceByCodes, getDevice, type Device } from './devices-store.ts';
export { customerExists, getCustomer, CUSTOMER_TIERS, type Customer, type CustomerTier } from './customers-store.ts';
export { getOrgUnit, insertOrgUnit, listOrgUnits, type NewOrgUnit, type OrgUnit } from './org-units-store.ts';
export { ORG_UNIT_KINDS, type OrgUnitKind } from './org-tree.ts';
export { AVAILABILITIES, type Availability } from './leave.ts';
// Writes from other modules inside their own transaction (spreadsheet imports), checked as the routes check them.
export { createCustomerIn, createDeviceIn, createUserIn, updateCustomerIn, updateDeviceIn, updateUserIn, type UserImportChanges, type UserImportInput } from './writes.ts';
export { directoryInputProblems, type DirectoryInputKind, type InputProblem } from './input-checks.ts';
export type { CustomerInput } from './customers-service.ts';
export { deviceCodeTaken, type DeviceInput } from './devices-service.ts';
export { emailTaken, toSkills, type SkillInput } from './users-service.ts';
// Many records at once by their human keys: names, serials, emails.
export { customersNamed, existingCustomerIds } from './customers-store.ts';
export { devicesHoldingCodes } from './devices-store.ts';
export { existingOrgUnitIds, orgUnitsNamed } from './org-units-store.ts';
export { usersWithEmails } from './users-store.ts';
