/**
 * The directory routes' body schemas, checked outside HTTP: a customer, device or person that
 * comes from another module (a spreadsheet import) must pass the same schema as a POST or
 * PATCH would, and fail it with the same words. The validator is set up as the server's body
 * validator is (no type coercion, defaults applied, formats checked); it reports every problem,
 * not only the first, since a dry run lists them all.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import * as schemas from './schemas.ts';

/** One thing wrong with an input: the field's path (`email`, `location/lat`, `skills/0/level`) and what is wrong. */
export interface InputProblem {
  field: string;
  message: string;
}

// A password is never taken from another module's data: it is set by its owner or an admin.
const { password: _createPassword, ...newUserFields } = schemas.CreateUserBody.properties;
const { password: _updatePassword, active: _active, ...userChangeFields } = schemas.UpdateUserBody.properties;

const SCHEMAS = {
  newCustomer: schemas.CreateCustomerBody,
  customerChanges: schemas.UpdateCustomerBody,
  newDevice: schemas.CreateDeviceBody,
  deviceChanges: schemas.UpdateDeviceBody,
  newUser: Type.Object(newUserFields, { additionalProperties: false }),
  userChanges: Type.Object({ ...userChangeFields, skills: Type.Optional(schemas.SkillsBody.properties.skills) },
    { additionalProperties: false, minProperties: 1 }),
};
export type DirectoryInputKind = keyof typeof SCHEMAS;

const ajv = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: false, strict: false, allErrors: true });
(addFormats as unknown as (ajv: Ajv) => void)(ajv);
const validators = new Map<DirectoryInputKind, ValidateFunction>();

function validatorOf(kind: DirectoryInputKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    validate = ajv.compile(SCHEMAS[kind]);
    validators.set(kind, validate);
  }
  return validate;
}

/** As the server's error handler words a body's problem: the path, and the unknown field named. */
function toProblem(issue: ErrorObject): InputProblem {
  const params = issue.params as { missingProperty?: string; additionalProperty?: string };
  const field = (issue.instancePath || '/').replace(/^\//, '') || params.missingProperty || '';
  const message = params.additionalProperty ? `has an unknown field "${params.additionalProperty}"` : issue.message ?? 'is invalid';
  return { field, message };
}

/**
 * A nullable field is `anyOf: [the schema, null]`: when a value fails it, the issues of the
 * first branch say what is wrong, as the route's answer does; "must be null" and "must match a
 * schema in anyOf" would only add noise.
 */
const isNoise = (issue: ErrorObject) => issue.keyword === 'anyOf' || /\/anyOf\/[1-9]\d*\//.test(issue.schemaPath);

/** Every schema problem of an input (empty when it is valid). */
export function directoryInputProblems(kind: DirectoryInputKind, input: unknown): InputProblem[] {
  const validate = validatorOf(kind);
  if (validate(input)) return [];
  const seen = new Set<string>();
  return (validate.errors ?? []).filter((issue) => !isNoise(issue)).map(toProblem).filter((problem) => {
    const key = `${problem.field} ${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Throws, as the route would answer, unless the input passes its schema. */
export function requireValidInput(kind: DirectoryInputKind, input: unknown): void {
  const problems = directoryInputProblems(kind, input);
  if (!problems.length) return;
  const [first] = problems;
  throw new AppError('invalid_input', `Invalid body: ${first.field ? `${first.field} ` : ''}${first.message}.`, { field: first.field, problems });
}
