import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code. Conventions shared by every migration:
// timestamps are ISO-8601 UTC text (they sort and compare the same on both dialects), booleans are integers 0/1,
// JSON is text, identifiers are text (UUIDs or official codes).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('instance_settings')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('municipality_groups')
    .addColumn('code', 'text', (col) => col.primaryKey())
    .addColumn('main_group_code', 'text', (col) => col.notNull())
    .addColumn('main_group_name', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('definition', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('organisations')
    .addColumn('code', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull().check(sql`type in ('kommun', 'region')`))
    .addColumn('county_code', 'text', (col) => col.notNull())
    .addColumn('county_name', 'text', (col) => col.notNull())
    .addColumn('municipality_group', 'text', (col) => col.references('municipality_groups.code'))
    .addColumn('is_active', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('replaced_by', 'text', (col) => col.references('organisations.code'))
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('organisations_type_idx').on('organisations').columns(['type', 'code']).execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text')
    .addColumn('global_role', 'text', (col) => col.check(sql`global_role in ('administrator', 'analyst')`))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('last_signed_in_at', 'text')
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('organisation_code', 'text', (col) => col.notNull().references('organisations.code'))
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('respondent', 'reader')`))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['user_id', 'organisation_code'])
    .execute();
  await db.schema.createIndex('memberships_organisation_idx').on('memberships').column('organisation_code').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('last_seen_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('sign_in_links')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('used_at', 'text')
    .addColumn('redirect_to', 'text')
    .execute();
  await db.schema.createIndex('sign_in_links_user_idx').on('sign_in_links').column('user_id').execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('sequence', 'integer', (col) => col.primaryKey())
    .addColumn('occurred_at', 'text', (col) => col.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_label', 'text')
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('subject_type', 'text', (col) => col.notNull())
    .addColumn('subject_id', 'text', (col) => col.notNull())
    .addColumn('details', 'text', (col) => col.notNull())
    .addColumn('previous_hash', 'text', (col) => col.notNull())
    .addColumn('hash', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('audit_events_subject_idx')
    .on('audit_events')
    .columns(['subject_type', 'subject_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_events',
    'sign_in_links',
    'sessions',
    'memberships',
    'users',
    'organisations',
    'municipality_groups',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
