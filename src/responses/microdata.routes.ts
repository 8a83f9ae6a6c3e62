import { Type } from 'typebox';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { policies } from '../http/policy.ts';
import { exportRoundMicrodata, type MicrodataFormat } from './microdata.service.ts';

const fileFormats: Record<string, MicrodataFormat> = {
  'answers.csv': 'csv',
  'answers-labels.csv': 'labels.csv',
  'answers-codebook.csv': 'codebook.csv',
  'answers.xlsx': 'xlsx',
};
const RoundParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) });
const ApiQuery = Type.Object({
  format: Type.Optional(
    Type.Union([Type.Literal('csv'), Type.Literal('labels.csv'), Type.Literal('codebook.csv'), Type.Literal('xlsx')]),
  ),
});

/**
 * The answers of every organisation of a round (microdata), for analysts and coordinators only, from the round's
 * page and through the API; every download is recorded as a disclosure of confidential data.
 */
export async function microdataRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  for (const [fileName, format] of Object.entries(fileFormats)) {
    app.get(
      `/rounds/:id/${fileName}`,
      { config: { policy: policies.analyst }, schema: { hide: true, params: RoundParams } },
      async (request, reply) => {
        const file = await exportRoundMicrodata(deps.db, deps.clock, {
          roundId: request.params.id,
          format,
          actor: { userId: request.user?.id ?? null, label: request.user?.email ?? 'anonymous' },
          via: 'web',
        });
        return reply
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .type(file.contentType)
          .send(file.body);
      },
    );
  }

  app.get(
    '/api/rounds/:id/answers',
    {
      config: { policy: policies.analyst },
      schema: {
        tags: ['rounds'],
        summary:
          "Every organisation's submitted answers of a round: codes (csv), labels (labels.csv), the codebook (codebook.csv) or all three as one workbook (xlsx). Confidential; audited.",
        params: RoundParams,
        querystring: ApiQuery,
      },
    },
    async (request, reply) => {
      const file = await exportRoundMicrodata(deps.db, deps.clock, {
        roundId: request.params.id,
        format: request.query.format ?? 'csv',
        actor: { userId: request.user?.id ?? null, label: request.user?.email ?? 'anonymous' },
        via: 'api',
      });
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .type(file.contentType)
        .send(file.body);
    },
  );
}
