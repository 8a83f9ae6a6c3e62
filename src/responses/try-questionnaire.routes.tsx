import { Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { policies } from '../http/policy.ts';
import { isQuestionTargeted } from '../questionnaires/conditions.ts';
import type { OrganisationType } from '../questionnaires/questionnaire.schema.ts';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { TrialSectionPage, TrialSummaryPage } from './try-questionnaire.pages.tsx';
import { type TrialState, tryQuestionnaireSection } from './try-questionnaire.service.ts';

const VersionParams = Type.Object({ id: Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 100 }) });
const TryQuery = Type.Object({
  type: Type.Optional(Type.Union([Type.Literal('kommun'), Type.Literal('region')])),
  lang: Type.Optional(Type.String()),
});

function askedSections(state: TrialState) {
  return state.version.sections.filter((section) =>
    section.questions.some((question) => isQuestionTargeted(state.version, question, state.orgType)),
  );
}

function readPosted(body: unknown): Map<string, string | readonly string[]> {
  const posted = new Map<string, string | readonly string[]>();
  if (typeof body !== 'object' || body === null) return posted;
  for (const [name, value] of Object.entries(body)) {
    if (!name.startsWith('q_')) continue;
    if (typeof value === 'string') posted.set(name.slice(2), value);
    else if (Array.isArray(value))
      posted.set(
        name.slice(2),
        value.filter((item) => typeof item === 'string'),
      );
  }
  return posted;
}

function readField(body: unknown, name: string): string {
  if (typeof body !== 'object' || body === null) return '';
  const value: unknown = Object.entries(body).find(([key]) => key === name)?.[1];
  return typeof value === 'string' ? value : '';
}

/** Test mode: a coordinator answers a version as a respondent would; nothing is stored. */
export async function tryQuestionnaireRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/questionnaires/:id/try',
    { config: { policy: policies.analyst }, schema: { hide: true, params: VersionParams, querystring: TryQuery } },
    async (request, reply) => {
      const orgType: OrganisationType = request.query.type ?? 'kommun';
      const state = await tryQuestionnaireSection(deps.db, {
        versionId: request.params.id,
        orgType,
        carried: '',
        sectionKey: undefined,
        posted: new Map(),
        mode: 'draft',
      });
      const first = askedSections(state)[0];
      if (!first) throw new AppError('not_found', `The version asks nothing of a ${orgType}.`);
      return sendPage(
        reply,
        <TrialSectionPage context={pageContextFrom(request)} state={state} section={first} showErrors={false} />,
      );
    },
  );

  app.post(
    '/questionnaires/:id/try',
    { config: { policy: policies.analyst }, schema: { hide: true, params: VersionParams } },
    async (request, reply) => {
      const orgType: OrganisationType = readField(request.body, 'type') === 'region' ? 'region' : 'kommun';
      const sectionKey = readField(request.body, 'section');
      const action = readField(request.body, 'action');
      const state = await tryQuestionnaireSection(deps.db, {
        versionId: request.params.id,
        orgType,
        carried: readField(request.body, 'answers'),
        sectionKey,
        posted: readPosted(request.body),
        mode: action === 'summary' ? 'submit' : 'draft',
      });
      const context = pageContextFrom(request);
      const sections = askedSections(state);
      const index = sections.findIndex((section) => section.key === sectionKey);
      const current = sections[index];
      const posted = current?.questions.map((question) => question.key) ?? [];
      const hasErrors = state.validation.errors.some(
        (error) => posted.includes(error.key) && error.code !== 'required',
      );
      if (current && hasErrors) {
        return sendPage(reply, <TrialSectionPage context={context} state={state} section={current} showErrors />, 422);
      }
      if (action === 'summary') return sendPage(reply, <TrialSummaryPage context={context} state={state} />);
      const target =
        action === 'next' ? sections[index + 1] : action === 'previous' ? sections[index - 1] : sections[0];
      const section = target ?? sections[0];
      if (!section) throw new AppError('not_found', 'The version has no section.');
      return sendPage(reply, <TrialSectionPage context={context} state={state} section={section} showErrors={false} />);
    },
  );
}
