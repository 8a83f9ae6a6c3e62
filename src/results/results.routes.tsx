import { Type } from 'typebox';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { policies } from '../http/policy.ts';
import { listMunicipalityGroups, listOrganisations } from '../organisations/organisations.service.ts';
import { roundLabelPattern } from '../rounds/round-label.ts';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { ResultsListPage, RoundResultsPage } from './results.pages.tsx';
import { RoundResultsSchema } from './results.schema.ts';
import { computeCoordinatorResults, computeRoundResults, listResultRounds } from './results.service.ts';

const LabelParams = Type.Object({ label: Type.String({ pattern: roundLabelPattern }) });
const FilterQuery = Type.Object({
  type: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('kommun'), Type.Literal('region')])),
  group: Type.Optional(Type.String({ pattern: '^([ABC][1-9]?)?$' })),
  county: Type.Optional(Type.String({ pattern: '^([0-9]{2})?$' })),
  lang: Type.Optional(Type.String({ maxLength: 5 })),
});

/**
 * Results for coordinators and analysts: the list of rounds, one round's page and its JSON. Everything here has
 * passed disclosure control; publication to the public is a separate step.
 */
export async function resultRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const options = { minimumRespondents: deps.config.suppressionThreshold };

  app.get(
    '/api/results/:label',
    {
      config: { policy: policies.analyst },
      schema: {
        tags: ['results'],
        summary: 'A round’s results after disclosure control: response rates, facts, figures per group, changes',
        params: LabelParams,
        response: { 200: RoundResultsSchema },
      },
    },
    async (request) => computeRoundResults(deps.db, request.params.label, options),
  );

  app.get('/results', { config: { policy: policies.analyst }, schema: { hide: true } }, async (request, reply) =>
    sendPage(reply, <ResultsListPage context={pageContextFrom(request)} rounds={await listResultRounds(deps.db)} />),
  );

  app.get(
    '/results/:label',
    { config: { policy: policies.analyst }, schema: { hide: true, params: LabelParams, querystring: FilterQuery } },
    async (request, reply) => {
      const [{ results, facts }, municipalityGroups, regions] = await Promise.all([
        computeCoordinatorResults(deps.db, request.params.label, options),
        listMunicipalityGroups(deps.db),
        listOrganisations(deps.db, { type: 'region' }),
      ]);
      const { type = '', group = '', county = '' } = request.query;
      return sendPage(
        reply,
        <RoundResultsPage
          context={pageContextFrom(request)}
          results={results}
          facts={facts}
          filter={{ type, group, county }}
          naming={{
            municipalityGroups,
            counties: regions.map((region) => ({ code: region.countyCode, name: region.countyName })),
          }}
        />,
      );
    },
  );
}
