import { type Kysely, sql } from 'kysely';

// Round labels became identifiers (security review, finding 11): letters, digits, `-`, `_`, `.`, no `..`, at most
// 40, beginning with a letter or digit. A label stored before then ("Kommuner 2026") becomes such a slug, and its
// text is kept as the round's display name. Frozen here: this migration does not import the product's rule.
const validLabel = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

function toSlug(label: string): string {
  const slug = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, 36);
  return slug === '' ? 'omgang' : slug;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rounds').addColumn('display_name', 'text').execute();
  const rounds: { id: string; label: string }[] = await db.selectFrom('rounds').select(['id', 'label']).execute();
  const taken = new Set(rounds.map((round) => round.label));
  for (const round of rounds) {
    if (validLabel.test(round.label)) continue;
    const base = toSlug(round.label);
    let slug = base;
    for (let suffix = 2; taken.has(slug) || !validLabel.test(slug); suffix += 1) slug = `${base}-${suffix}`;
    taken.add(slug);
    await db.updateTable('rounds').set({ label: slug, display_name: round.label }).where('id', '=', round.id).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('rounds').set({ label: sql`display_name` }).where('display_name', 'is not', null).execute();
  await db.schema.alterTable('rounds').dropColumn('display_name').execute();
}
