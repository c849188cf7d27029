/**
 * Database errors the directory turns into its own clear answers. The platform's error
 * handler already maps them generically; here we know which field or rule a constraint means.
 */
import { AppError } from '../../platform/errors.ts';

interface DatabaseError {
  code?: string;
  constraint?: string;
  table?: string;
}

const isDatabaseError = (error: unknown, code: string): error is DatabaseError =>
  typeof error === 'object' && error !== null && (error as DatabaseError).code === code;

/** A unique index this module owns, and the field a duplicate of it means. */
const UNIQUE_FIELDS: Record<string, { field: string; what: string }> = {
  users_email: { field: 'email', what: 'A user with this email' },
  devices_serial: { field: 'serial', what: 'A device with this serial number' },
  devices_qr_code: { field: 'qrCode', what: 'A device with this QR code value' },
};

/**
 * Rethrows a unique violation (23505, lost a race with a concurrent insert) as 409 naming the
 * field, and a delete still referenced by another table (23503) as a 422 business rule.
 * Anything else passes through unchanged.
 */
export function translateDatabaseError(error: unknown, deleting?: string): never {
  if (isDatabaseError(error, '23505') && error.constraint && UNIQUE_FIELDS[error.constraint]) {
    const { field, what } = UNIQUE_FIELDS[error.constraint];
    throw new AppError('already_exists', `${what} exists already.`, { field });
  }
  if (deleting && isDatabaseError(error, '23503')) {
    throw new AppError('business_rule', `This ${deleting} is still referenced by ${error.table ?? 'other records'} and cannot be deleted.`,
      { referencedBy: error.table ?? null });
  }
  throw error;
}
