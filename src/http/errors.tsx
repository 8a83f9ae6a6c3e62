import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, errorStatuses } from '../app-error.ts';
import { isMessageKey, type MessageKey, translate } from '../web/i18n.ts';
import { MessagePage } from '../web/message-page.tsx';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { redactUrl } from './logging.ts';

function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || (request.headers.accept ?? '').startsWith('application/json');
}

function toAppError(error: FastifyError | AppError): AppError {
  if (error instanceof AppError) return error;
  if (error.validation) {
    const fields = error.validation.map((issue) => ({
      field:
        issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || String(issue.params?.missingProperty ?? 'body'),
      message: issue.message ?? 'invalid',
    }));
    return new AppError(
      'bad_request',
      `Invalid request: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`,
      fields,
    );
  }
  const status = error.statusCode ?? 500;
  if (status === 413) return new AppError('payload_too_large', 'The request body is too large.');
  if (status === 429) return new AppError('rate_limited', 'Too many requests. Wait a minute and try again.');
  if (status === 415) return new AppError('bad_request', 'Unsupported content type.');
  if (status >= 400 && status < 500) return new AppError('bad_request', error.message);
  return new AppError('internal', 'internal');
}

/** The one error handler: maps AppError codes to statuses, answers JSON or a page, hides 5xx internals. */
/** What a page says for a refusal whose message is not in the catalogue (a schema's or the parser's words). */
const pageMessageKeys: Partial<Record<ErrorCode, MessageKey>> = {
  bad_request: 'web.error.badRequest',
  payload_too_large: 'web.error.tooLarge',
  rate_limited: 'web.error.rateLimited',
};

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    const status = errorStatuses[appError.code];
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code, message: appError.message }, 'request refused');
    if (appError.code === 'rate_limited') reply.header('retry-after', '60');

    if (isApiRequest(request)) {
      return reply.code(status).send({
        error: appError.code,
        message:
          status >= 500
            ? 'Internal error'
            : isMessageKey(appError.message)
              ? translate(request.language, appError.message)
              : appError.message,
        ...(appError.fields.length > 0 ? { fields: appError.fields } : {}),
      });
    }
    if (appError.code === 'unauthenticated' && request.method === 'GET') {
      return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`);
    }
    const context = pageContextFrom(request);
    // The words of Fastify's parser and schema validator are English and technical: a page says in the reader's
    // language what went wrong instead (the API keeps the details). Our own AppErrors say what they mean.
    const frameworkMessageKey = error instanceof AppError ? undefined : pageMessageKeys[appError.code];
    const message =
      appError.code === 'not_found'
        ? context.t('web.error.notFound')
        : appError.message === 'csrf'
          ? context.t('web.error.csrf')
          : appError.code === 'forbidden' || appError.code === 'unauthenticated'
            ? context.t(isMessageKey(appError.message) ? appError.message : 'web.error.forbidden')
            : status >= 500
              ? context.t('web.error.internal')
              : isMessageKey(appError.message)
                ? context.t(appError.message)
                : frameworkMessageKey
                  ? context.t(frameworkMessageKey)
                  : appError.message;
    return sendPage(
      reply,
      <MessagePage context={context} title={context.t('web.error.title')} message={message}>
        <p>
          <a href="/">{context.t('web.error.backHome')}</a>
        </p>
      </MessagePage>,
      status,
    );
  });

  app.setNotFoundHandler(async (request) => {
    throw new AppError('not_found', `No route ${request.method} ${redactUrl(request.url.split('?')[0] ?? '')}`);
  });
}
