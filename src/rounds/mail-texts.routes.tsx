import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { readFormFields } from '../http/form.ts';
import { policies } from '../http/policy.ts';
import { type PageContext, pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { describeMailTextProblems, MailTextsPage, mailTextFieldId } from './mail-texts.pages.tsx';
import { findRoundMailTexts, previewRoundMail, saveRoundMailTexts } from './mail-texts.service.ts';
import type { MailTextField, MailTextProblem, MailTexts } from './mail-texts.ts';
import { RoundParams } from './rounds.schema.ts';
import { findRoundById, findRoundDetails } from './rounds.service.ts';

const textFields = ['invitation', 'reminder'].flatMap((kind) =>
  ['sv', 'en'].flatMap((language) => [`${kind}-${language}-subject`, `${kind}-${language}-body`]),
);

function readTexts(body: unknown): {
  texts: MailTexts;
  previewCode: string;
  previewLanguage: 'sv' | 'en';
  intent: string;
} {
  const form = readFormFields(body, ['coordinator', 'intent', 'previewOrganisation', 'previewLanguage', ...textFields]);
  const text = (field: MailTextField) => form[mailTextFieldId(field)] ?? '';
  const pair = (kind: 'invitation' | 'reminder', language: 'sv' | 'en') => ({
    subject: text(`${kind}.${language}.subject`),
    body: text(`${kind}.${language}.body`),
  });
  return {
    texts: {
      coordinator: form.coordinator ?? '',
      invitation: { sv: pair('invitation', 'sv'), en: pair('invitation', 'en') },
      reminder: { sv: pair('reminder', 'sv'), en: pair('reminder', 'en') },
    },
    previewCode: form.previewOrganisation ?? '',
    previewLanguage: form.previewLanguage === 'en' ? 'en' : 'sv',
    intent: form.intent ?? '',
  };
}

/** A round's invitation and reminder texts: edit, preview with a real organisation, save (audited). */
export async function mailTextRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const options = { config: { policy: policies.administrator }, schema: { hide: true, params: RoundParams } };
  const render = async (
    context: PageContext,
    roundId: string,
    input: {
      texts?: MailTexts;
      previewCode?: string;
      previewLanguage?: 'sv' | 'en';
      isPreviewing?: boolean;
      problems?: MailTextProblem[];
      notice?: string;
    },
  ) => {
    const { round, organisations } = await findRoundDetails(deps.db, roundId);
    const texts = input.texts ?? (await findRoundMailTexts(deps.db, roundId));
    const named = organisations.map((organisation) => ({
      code: organisation.organisationCode,
      name: organisation.name,
    }));
    const chosen = named.find((organisation) => organisation.code === input.previewCode) ?? named[0];
    const previewChoice = { code: chosen?.code ?? '', language: input.previewLanguage ?? context.language };
    const preview =
      input.isPreviewing && chosen
        ? previewRoundMail({
            texts,
            round,
            organisationName: chosen.name,
            language: previewChoice.language,
            baseUrl: deps.config.baseUrl,
          })
        : null;
    const problems = input.problems ?? preview?.problems ?? [];
    return (
      <MailTextsPage
        context={context}
        round={round}
        texts={texts}
        organisations={named}
        previewChoice={previewChoice}
        preview={preview}
        errors={describeMailTextProblems(context, problems)}
        notice={input.notice ?? null}
      />
    );
  };

  app.get('/rounds/:id/mail-texts', options, async (request, reply) =>
    sendPage(reply, await render(pageContextFrom(request), request.params.id, {})),
  );

  app.post('/rounds/:id/mail-texts', options, async (request, reply) => {
    const context = pageContextFrom(request);
    const posted = readTexts(request.body);
    const shown = { texts: posted.texts, previewCode: posted.previewCode, previewLanguage: posted.previewLanguage };
    if (posted.intent === 'preview') {
      return sendPage(reply, await render(context, request.params.id, { ...shown, isPreviewing: true }));
    }
    const result = await saveRoundMailTexts(deps.db, deps.clock, {
      round: await findRoundById(deps.db, request.params.id),
      texts: posted.texts,
      actor: { userId: context.user?.id ?? null, label: context.user?.email ?? 'anonymous' },
    });
    if (result.kind === 'invalid') {
      return sendPage(reply, await render(context, request.params.id, { ...shown, problems: result.problems }), 422);
    }
    return sendPage(reply, await render(context, request.params.id, { notice: context.t('rounds.mailTexts.saved') }));
  });
}
