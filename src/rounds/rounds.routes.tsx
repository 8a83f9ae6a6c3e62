import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { readFormFields } from '../http/form.ts';
import { addMultipartParser, type MultipartFile } from '../http/multipart.ts';
import { policies } from '../http/policy.ts';
import { listQuestionnaireVersions } from '../questionnaires/questionnaires.service.ts';
import { type PageContext, pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { colleagueRoutes } from './colleagues.routes.tsx';
import type { ContactChange } from './contacts-csv.ts';
import { deliveryRoutes } from './delivery.routes.tsx';
import { followUpRoutes } from './follow-up.routes.tsx';
import { inviteNewContacts, openRound } from './invitations.service.ts';
import { mailTextRoutes } from './mail-texts.routes.tsx';
import { ConfirmRoundActionPage, roundActions } from './round-action.pages.tsx';
import { RoundOrganisationPage, RoundPage } from './round-detail.pages.tsx';
import { describeProblems, type PageError } from './round-fields.tsx';
import { type RoundInputField, readRoundForm } from './round-input.ts';
import { roundApiRoutes } from './rounds.api.routes.ts';
import { isRoundsMessageKey } from './rounds.messages.ts';
import { emptyRoundForm, NewRoundPage, type RoundForm, RoundsPage } from './rounds.pages.tsx';
import { RoundOrganisationParams, RoundParams } from './rounds.schema.ts';
import {
  closeRound,
  createRound,
  findRoundById,
  findRoundDetails,
  importContacts,
  listRoundSummaries,
  renameRound,
  reopenRoundForOrganisation,
  updateContact,
} from './rounds.service.ts';
import { fromStockholmLocal, toStockholmLocal } from './stockholm-time.ts';

const roundFields: RoundInputField[] = [
  'label',
  'displayName',
  'kommunVersion',
  'regionVersion',
  'population',
  'organisationCodes',
  'opensAt',
  'closesAt',
  'reminderDays',
];

/** The actor of an audited change: the signed-in coordinator. */
export function actorOf(context: PageContext) {
  return { userId: context.user?.id ?? null, label: context.user?.email ?? 'anonymous' };
}

function validationFields(error: unknown) {
  if (error instanceof AppError && error.code === 'validation') return error.fields;
  throw error;
}

function describeCsvProblems(context: PageContext, error: unknown): PageError[] {
  return validationFields(error).map((field) => {
    const line = field.field.replace(/^line /, '');
    const colon = field.message.indexOf(': ');
    const reason = colon < 0 ? field.message : field.message.slice(0, colon);
    // A suggested code travels after a bar: "name_not_code: Malmö|1280".
    const [value = '', code = ''] = (colon < 0 ? '' : field.message.slice(colon + 2)).split('|');
    const key = `rounds.import.problem.${reason}`;
    return { field: 'csv', message: isRoundsMessageKey(key) ? context.t(key, { line, value, code }) : field.message };
  });
}

const contactsUploadLimit = 2 * 1024 * 1024;

function readUploadedFile(body: unknown): MultipartFile | null {
  if (typeof body !== 'object' || body === null || !('file' in body)) return null;
  const file: unknown = body.file;
  return typeof file === 'object' &&
    file !== null &&
    'content' in file &&
    Buffer.isBuffer(file.content) &&
    file.content.length > 0 &&
    'fileName' in file &&
    typeof file.fileName === 'string'
    ? { fileName: file.fileName, content: file.content }
    : null;
}

/** Survey rounds for coordinators: pages, the JSON API, follow-up and the respondents' colleague invitations. */
export async function roundRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  await roundApiRoutes(app, deps);
  await followUpRoutes(app, deps);
  await colleagueRoutes(app, deps);
  await deliveryRoutes(app, deps);
  await mailTextRoutes(app, deps);
  const hide = { hide: true };

  app.get('/rounds', { config: { policy: policies.analyst }, schema: hide }, async (request, reply) =>
    sendPage(reply, <RoundsPage context={pageContextFrom(request)} rounds={await listRoundSummaries(deps.db)} />),
  );

  app.get('/rounds/new', { config: { policy: policies.administrator }, schema: hide }, async (request, reply) =>
    sendPage(
      reply,
      <NewRoundPage
        context={pageContextFrom(request)}
        form={emptyRoundForm}
        errors={[]}
        versions={await listQuestionnaireVersions(deps.db)}
      />,
    ),
  );

  app.post('/rounds', { config: { policy: policies.administrator }, schema: hide }, async (request, reply) => {
    const context = pageContextFrom(request);
    const form: RoundForm = readFormFields(request.body, roundFields, 3000);
    try {
      const round = await createRound(deps.db, deps.clock, readRoundForm(form), actorOf(context));
      return reply.redirect(`/rounds/${round.id}`, 303);
    } catch (error) {
      const errors = describeProblems(context, validationFields(error));
      const versions = await listQuestionnaireVersions(deps.db);
      return sendPage(reply, <NewRoundPage context={context} form={form} errors={errors} versions={versions} />, 422);
    }
  });

  const showRound = async (
    context: PageContext,
    id: string,
    extra: {
      notice?: string;
      csv?: string;
      errors?: PageError[];
      displayName?: string;
      preview?: readonly ContactChange[];
    } = {},
  ) => (
    <RoundPage
      context={context}
      details={await findRoundDetails(deps.db, id)}
      notice={extra.notice ?? null}
      csv={extra.csv ?? ''}
      errors={extra.errors ?? []}
      {...(extra.displayName === undefined ? {} : { displayName: extra.displayName })}
      preview={extra.preview ?? null}
    />
  );

  const withParams = { config: { policy: policies.administrator }, schema: { ...hide, params: RoundParams } };

  app.get(
    '/rounds/:id',
    { config: { policy: policies.analyst }, schema: { ...hide, params: RoundParams } },
    async (request, reply) => sendPage(reply, await showRound(pageContextFrom(request), request.params.id)),
  );

  app.post('/rounds/:id/display-name', withParams, async (request, reply) => {
    const context = pageContextFrom(request);
    const { displayName } = readFormFields(request.body, ['displayName'], 1000);
    try {
      await renameRound(deps.db, deps.clock, { roundId: request.params.id, displayName, actor: actorOf(context) });
      return sendPage(
        reply,
        await showRound(context, request.params.id, { notice: context.t('rounds.detail.renamed') }),
      );
    } catch (error) {
      const errors = describeProblems(context, validationFields(error));
      return sendPage(reply, await showRound(context, request.params.id, { errors, displayName }), 422);
    }
  });

  // Opening, inviting and closing send mail or cannot be undone: the round page links to a page that asks first.
  for (const action of roundActions) {
    app.get(`/rounds/:id/${action}`, withParams, async (request, reply) => {
      const round = await findRoundById(deps.db, request.params.id);
      return sendPage(
        reply,
        <ConfirmRoundActionPage context={pageContextFrom(request)} round={round} action={action} />,
      );
    });
  }

  app.post('/rounds/:id/open', withParams, async (request, reply) => {
    const context = pageContextFrom(request);
    const { invitations } = await openRound(deps.db, deps.clock, {
      roundId: request.params.id,
      baseUrl: deps.config.baseUrl,
      actor: actorOf(context),
    });
    const notice = context.t('rounds.detail.opened', { queued: invitations.queued });
    return sendPage(reply, await showRound(context, request.params.id, { notice }));
  });

  app.post('/rounds/:id/invitations', withParams, async (request, reply) => {
    const context = pageContextFrom(request);
    const tally = await inviteNewContacts(deps.db, deps.clock, {
      roundId: request.params.id,
      baseUrl: deps.config.baseUrl,
      actor: actorOf(context),
    });
    return sendPage(
      reply,
      await showRound(context, request.params.id, { notice: context.t('rounds.detail.invited', tally) }),
    );
  });

  app.post('/rounds/:id/close', withParams, async (request, reply) => {
    const context = pageContextFrom(request);
    await closeRound(deps.db, deps.clock, { roundId: request.params.id, actor: actorOf(context) });
    return sendPage(reply, await showRound(context, request.params.id, { notice: context.t('rounds.detail.closed') }));
  });

  // Contacts come as a file (CSV or XLSX) in a form that works without JavaScript; the parser is scoped to this
  // plugin, so other routes are unaffected.
  addMultipartParser(app, contactsUploadLimit);

  app.post('/rounds/:id/contacts', { ...withParams, bodyLimit: contactsUploadLimit }, async (request, reply) => {
    const context = pageContextFrom(request);
    const { csv, intent } = readFormFields(request.body, ['csv', 'intent'], 200_000);
    const upload = readUploadedFile(request.body);
    // A chosen file wins over the text box; an empty submission is answered without reading anything.
    const isWorkbook = upload !== null && /\.xlsx$/i.test(upload.fileName);
    const text = upload !== null && !isWorkbook ? upload.content.toString('utf8') : csv;
    if (upload === null && csv.trim() === '') {
      const errors = [{ field: 'file', message: context.t('rounds.import.noInput') }];
      return sendPage(reply, await showRound(context, request.params.id, { csv, errors }), 422);
    }
    try {
      const result = await importContacts(deps.db, deps.clock, {
        roundId: request.params.id,
        ...(isWorkbook
          ? {
              workbook: {
                content: upload.content,
                maxUncompressedBytes: deps.config.importLimits.maxUncompressedBytes,
              },
            }
          : { csv: text }),
        isDryRun: intent === 'preview',
        actor: actorOf(context),
      });
      if (intent === 'preview') {
        return sendPage(reply, await showRound(context, request.params.id, { csv, preview: result.changes }));
      }
      const notice = context.t('rounds.detail.imported', { count: result.imported });
      return sendPage(reply, await showRound(context, request.params.id, { notice }));
    } catch (error) {
      const errors = describeCsvProblems(context, error);
      return sendPage(reply, await showRound(context, request.params.id, { csv: isWorkbook ? '' : text, errors }), 422);
    }
  });

  const withOrganisation = {
    config: { policy: policies.administrator },
    schema: { ...hide, params: RoundOrganisationParams },
  };
  const showOrganisation = async (
    context: PageContext,
    params: { id: string; code: string },
    form: { name?: string; email?: string; language?: string; until?: string },
    errors: PageError[],
  ) => {
    const details = await findRoundDetails(deps.db, params.id);
    const organisation = details.organisations.find((candidate) => candidate.organisationCode === params.code);
    if (!organisation) throw new AppError('not_found', `${params.code} is not invited to this round.`);
    return (
      <RoundOrganisationPage
        context={context}
        round={details.round}
        organisation={organisation}
        form={{
          name: form.name ?? organisation.contactName ?? '',
          email: form.email ?? organisation.contactEmail ?? '',
          language: form.language ?? organisation.contactLanguage,
          until: form.until ?? (organisation.reopenedUntil ? toStockholmLocal(organisation.reopenedUntil) : ''),
        }}
        errors={errors}
      />
    );
  };

  app.get('/rounds/:id/organisations/:code', withOrganisation, async (request, reply) =>
    sendPage(reply, await showOrganisation(pageContextFrom(request), request.params, {}, [])),
  );

  app.post('/rounds/:id/organisations/:code/contact', withOrganisation, async (request, reply) => {
    const context = pageContextFrom(request);
    const form = readFormFields(request.body, ['name', 'email', 'language'], 300);
    try {
      await updateContact(deps.db, deps.clock, {
        roundId: request.params.id,
        organisationCode: request.params.code,
        ...form,
        actor: actorOf(context),
      });
      const notice = context.t('rounds.detail.contactSaved');
      return sendPage(reply, await showRound(context, request.params.id, { notice }));
    } catch (error) {
      const errors = describeProblems(context, validationFields(error));
      return sendPage(reply, await showOrganisation(context, request.params, form, errors), 422);
    }
  });

  app.post('/rounds/:id/organisations/:code/reopen', withOrganisation, async (request, reply) => {
    const context = pageContextFrom(request);
    const form = readFormFields(request.body, ['until', 'end'], 100);
    const until = form.end === 'yes' ? null : (fromStockholmLocal(form.until) ?? 'invalid');
    try {
      if (until === 'invalid') {
        throw new AppError('validation', 'Invalid time.', [{ field: 'until', message: 'invalid' }]);
      }
      await reopenRoundForOrganisation(deps.db, deps.clock, {
        roundId: request.params.id,
        organisationCode: request.params.code,
        until,
        actor: actorOf(context),
      });
      const notice = context.t('rounds.detail.reopenSaved');
      return sendPage(reply, await showRound(context, request.params.id, { notice }));
    } catch (error) {
      const errors = describeProblems(context, validationFields(error));
      return sendPage(reply, await showOrganisation(context, request.params, { until: form.until }, errors), 422);
    }
  });
}
