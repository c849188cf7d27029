/**
 * Customers from a spreadsheet: the fields of POST /api/v1/customers, the serving org unit by
 * its name. A customer is matched to an existing one by its name: the schema does not make
 * names unique, but a device sheet names its customer by it, so an import keeps them apart.
 */
import type { Db } from '../../platform/context.ts';
import { createCustomerIn, customersNamed, updateCustomerIn, type CustomerInput } from '../directory/index.ts';
import {
  buildOrgUnit, copyText, loadOrgUnits, requireOneWayToName, textsOf, type BuiltInput, type DirectoryImport, type OrgUnitRefs,
} from './import-directory.ts';

interface CustomerRefs extends OrgUnitRefs {
  customersNamed: Map<string, string[]>;
}

const TEXT_FIELDS = ['name', 'tier', 'contactName', 'phone', 'email', 'address'] as const;

export const customerImport: DirectoryImport<CustomerRefs> = {
  targets: { names: [...TEXT_FIELDS, 'orgUnit', 'orgUnitId'] },
  roles: ['admin', 'dispatcher'],
  noun: 'customer',
  keyTarget: 'name',
  kinds: { create: 'newCustomer', update: 'customerChanges' },
  checkRules: (rules) => requireOneWayToName(rules, 'orgUnit', 'orgUnitId'),

  async load(db: Db, tenantId: string, mapped: Record<string, unknown>[]) {
    return { ...(await loadOrgUnits(db, tenantId, mapped)), customersNamed: await customersNamed(db, tenantId, textsOf(mapped, 'name')) };
  },

  build(mapped, refs, fail) {
    const built: BuiltInput = { input: {}, sources: new Map() };
    copyText(mapped, built.input, TEXT_FIELDS);
    buildOrgUnit(mapped, refs, built, fail);
    return built;
  },

  key: (input) => (typeof input.name === 'string' && input.name ? input.name : undefined),
  existing: (key, refs) => refs.customersNamed.get(key) ?? [],
  existsMessage: (input, ids) => (ids.length > 1
    ? `${ids.length} customers named "${String(input.name)}" exist already.`
    : `A customer named "${String(input.name)}" exists already.`),

  create: (db, tenantId, input, now) => createCustomerIn(db, tenantId, input as unknown as CustomerInput, now),
  update: (db, tenantId, id, input, now) => updateCustomerIn(db, tenantId, id, input as Partial<CustomerInput>, now),
};
