import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { policies } from '../http/policy.ts';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { OrganisationsPage } from './organisations.pages.tsx';
import {
  MunicipalityGroupSchema,
  type OrganisationQuery,
  OrganisationQuerySchema,
  OrganisationSchema,
} from './organisations.schema.ts';
import { findOrganisationByCode, listMunicipalityGroups, listOrganisations } from './organisations.service.ts';

const checkQuery = Compile(OrganisationQuerySchema);

function toFilter(query: OrganisationQuery) {
  return {
    type: query.type,
    group: query.group,
    mainGroup: query.mainGroup,
    county: query.county,
    search: query.q?.trim() || undefined,
    isActiveOnly: !query.includeInactive,
  };
}

/** The organisation registry: a public list page and the same list as JSON. */
export async function organisationRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/api/organisations',
    {
      config: { policy: policies.anonymous },
      schema: {
        tags: ['organisations'],
        summary: 'List kommuner and regioner, filtered by type, municipality group, main group, county or name',
        querystring: OrganisationQuerySchema,
        response: { 200: Type.Array(OrganisationSchema) },
      },
    },
    async (request) => listOrganisations(deps.db, toFilter(request.query)),
  );

  app.get(
    '/api/organisations/:code',
    {
      config: { policy: policies.anonymous },
      schema: {
        tags: ['organisations'],
        summary: 'One organisation by its code',
        params: Type.Object({ code: Type.String({ pattern: '^[0-9]{2}([0-9]{2})?$' }) }),
        response: { 200: OrganisationSchema },
      },
    },
    async (request) => findOrganisationByCode(deps.db, request.params.code),
  );

  app.get(
    '/api/municipality-groups',
    {
      config: { policy: policies.anonymous },
      schema: {
        tags: ['organisations'],
        summary: 'SKR’s nine municipality groups (kommungruppsindelning 2023) in three main groups',
        response: { 200: Type.Array(MunicipalityGroupSchema) },
      },
    },
    async () => listMunicipalityGroups(deps.db),
  );

  app.get(
    '/organisations',
    { config: { policy: policies.anonymous }, schema: { hide: true } },
    async (request, reply) => {
      const raw = typeof request.query === 'object' && request.query !== null ? request.query : {};
      // The page keeps what the visitor chose and names the bad value instead of failing the whole page.
      const entered = Object.fromEntries(
        Object.entries(raw).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '' && entry[0] !== 'lang',
        ),
      );
      const invalidFields = Object.keys(entered).filter((field) => !checkQuery.Check({ [field]: entered[field] }));
      const valid = Object.fromEntries(Object.entries(entered).filter(([field]) => !invalidFields.includes(field)));
      const query: OrganisationQuery = checkQuery.Check(valid) ? valid : {};
      const [organisations, groups, counties] = await Promise.all([
        listOrganisations(deps.db, toFilter(query)),
        listMunicipalityGroups(deps.db),
        listOrganisations(deps.db, { type: 'region' }),
      ]);
      return sendPage(
        reply,
        <OrganisationsPage
          context={pageContextFrom(request)}
          organisations={organisations}
          groups={groups}
          counties={counties.map((region) => ({ code: region.countyCode, name: region.countyName }))}
          entered={entered}
          invalidFields={invalidFields}
        />,
        invalidFields.length > 0 ? 400 : 200,
      );
    },
  );
}
