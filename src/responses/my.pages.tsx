import { Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { ScrollBox } from '../web/scroll-box.tsx';
import { formatDateTime } from './answer-format.ts';
import type { MyRound } from './my-rounds.service.ts';

/** The signed-in respondent's organisations and their rounds, with status and a link to answer or read. */
export function MyRoundsPage({ context, rounds }: { context: PageContext; rounds: MyRound[] }) {
  const { t, language } = context;
  return (
    <Layout context={context} title={t('responses.my.title')}>
      <h1>{t('responses.my.title')}</h1>
      <p class="lead">{t('responses.my.lead')}</p>
      {rounds.length === 0 ? (
        <p>{t('responses.my.none')}</p>
      ) : (
        <ScrollBox label={t('responses.my.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('responses.my.round')}</th>
                <th scope="col">{t('responses.my.organisation')}</th>
                <th scope="col">{t('responses.my.status')}</th>
                <th scope="col">{t('responses.my.closes')}</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((round) => (
                <tr key={`${round.roundId}-${round.organisationCode}`}>
                  <th scope="row">
                    <a href={`/answer/${encodeURIComponent(round.roundId)}/${round.organisationCode}`}>
                      {round.canWrite ? t('responses.my.answer') : t('responses.my.view')}: {round.roundTitle}
                    </a>
                  </th>
                  <td>{round.organisationName}</td>
                  <td>
                    {t(`responses.status.${round.status}`)} · {t(`responses.window.${round.window.reason}`)}
                  </td>
                  <td>{round.window.closesAt ? formatDateTime(round.window.closesAt, language) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      <ColleagueLinks context={context} rounds={rounds} />
    </Layout>
  );
}

/** Links to each organisation's colleague page, for the organisations where the user is a respondent. */
function ColleagueLinks({ context, rounds }: { context: PageContext; rounds: MyRound[] }) {
  const { t } = context;
  const respondentCodes = new Set(
    (context.user?.memberships ?? [])
      .filter((membership) => membership.role === 'respondent')
      .map((membership) => membership.organisationCode),
  );
  const organisations = new Map(
    rounds
      .filter((round) => respondentCodes.has(round.organisationCode))
      .map((round) => [round.organisationCode, round.organisationName] as const),
  );
  if (organisations.size === 0) return null;
  return (
    <>
      <h2>{t('responses.my.colleagues')}</h2>
      <ul>
        {[...organisations].map(([code, name]) => (
          <li key={code}>
            <a href={`/organisations/${code}/colleagues`}>{t('responses.my.colleaguesOf', { organisation: name })}</a>
          </li>
        ))}
      </ul>
    </>
  );
}
