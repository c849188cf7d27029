/** SQL for customers. */
import type { Db } from '../../platform/context.ts';

export async function customerExists(db: Db, tenantId: string, id: string): Promise<boolean> {
  return !!(await db.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst());
}
