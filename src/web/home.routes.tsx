import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { policies } from '../http/policy.ts';
import { listOrganisations } from '../organisations/organisations.service.ts';
import { Layout } from './layout.tsx';
import { type PageContext, pageContextFrom } from './page-context.ts';
import { sendPage } from './render.tsx';

function HomePage({ context, kommuner, regioner }: { context: PageContext; kommuner: number; regioner: number }) {
  const { t } = context;
  return (
    <Layout context={context} title={t('web.home.title')}>
      <h1>{t('web.home.title')}</h1>
      <p class="lead">{t('web.home.lead')}</p>
      <div class="cards">
        <section class="card" aria-labelledby="for-respondents">
          <h2 id="for-respondents">{t('web.home.forRespondents')}</h2>
          <p>{t('web.home.forRespondentsText')}</p>
        </section>
        <section class="card" aria-labelledby="for-coordinators">
          <h2 id="for-coordinators">{t('web.home.forCoordinators')}</h2>
          <p>{t('web.home.forCoordinatorsText')}</p>
        </section>
        <section class="card" aria-labelledby="for-public">
          <h2 id="for-public">{t('web.home.forPublic')}</h2>
          <p>{t('web.home.forPublicText')}</p>
        </section>
      </div>
      <p>
        <a href="/published">{t('publication.home.link')}</a>
      </p>
      <h2>{t('web.home.registry')}</h2>
      <p>
        <a href="/organisations">{t('web.home.registryText', { kommuner, regioner })}</a>
      </p>
    </Layout>
  );
}

/** The start page, which explains what the product is. */
export async function homeRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.get('/', { config: { policy: policies.anonymous }, schema: { hide: true } }, async (request, reply) => {
    const organisations = await listOrganisations(deps.db, { isActiveOnly: true });
    const kommuner = organisations.filter((organisation) => organisation.type === 'kommun').length;
    return sendPage(
      reply,
      <HomePage context={pageContextFrom(request)} kommuner={kommuner} regioner={organisations.length - kommuner} />,
    );
  });
}
