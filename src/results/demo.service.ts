import type { Kysely } from 'kysely';
import type { Actor } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { ensureOrganisationRegistry, listOrganisations } from '../organisations/organisations.service.ts';
import { findQuestionnaireVersion } from '../questionnaires/questionnaires.service.ts';
import { generateDemoRows } from './demo-data.ts';
import { exemptAllIndicatorQuestions } from './disclosure-settings.service.ts';
import { type ImportReport, importResponses } from './import-responses.service.ts';

/**
 * Creates the demo rounds 2019 and 2023 with synthetic submitted answers for every active organisation, through
 * the same import as a file would take; running it again changes nothing.
 * @throws AppError('validation') when a demo round exists with other answers the import cannot reconcile.
 */
export async function createDemo(db: Kysely<Database>, clock: Clock, actor: Actor): Promise<ImportReport> {
  await ensureOrganisationRegistry(db, clock);
  const organisations = await listOrganisations(db, { isActiveOnly: true });
  const rows = generateDemoRows(
    organisations.map(({ code, type, municipalityGroup, mainGroup, countyCode }) => ({
      code,
      type,
      municipalityGroup,
      mainGroup,
      countyCode,
    })),
    {
      skr2019: await findQuestionnaireVersion(db, 'skr-2019'),
      skr2023: await findQuestionnaireVersion(db, 'skr-2023'),
    },
  );
  const report = await importResponses(db, clock, { rows, isDryRun: false, actor, source: 'demo' });
  // SKR publishes "i samtliga regioner": the demo's publisher exempts the indicator questions at the national level,
  // so that the press release's Fakta sentences are published.
  for (const label of ['2019', '2023']) await exemptAllIndicatorQuestions(db, clock, { label, actor });
  return report;
}
