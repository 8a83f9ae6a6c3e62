import type { Kysely } from 'kysely';

// Frozen in time: never imports application code. Audit events name people by a pseudonymous reference
// (`[person:<reference>]` in the actor label and the details); the address behind each reference lives here, outside
// the hash chain, so erasing a person deletes one row here and the chain still verifies. Events recorded before this
// migration keep the addresses they were written with (rewriting them would break the chain and its anchors).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_persons')
    .addColumn('reference', 'text', (col) => col.primaryKey())
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_persons').execute();
}
