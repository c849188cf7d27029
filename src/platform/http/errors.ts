/** Turns every thrown thing into the API.md error shape. Bad input never becomes a 500. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors.ts';

interface ErrorBody {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

/** Postgres errors that mean the client sent something impossible. */
function fromDatabase(error: { code?: string; detail?: string; constraint?: string }): ErrorBody | undefined {
  switch (error.code) {
    case '23505':
      return { code: 'already_exists', message: 'A record with these values already exists.', details: { constraint: error.constraint } };
    case '23503':
      return { code: 'invalid_input', message: 'A referenced record does not exist.', details: { constraint: error.constraint } };
    case '23514':
    case '23502':
    case '22P02':
    case '22001':
    case '22003':
    case '22007':
    case '22008':
      return { code: 'invalid_input', message: 'A value is not acceptable.', details: { constraint: error.constraint } };
    default:
      return undefined;
  }
}

function fromFastify(error: FastifyError): ErrorBody | undefined {
  if (error.validation) {
    const problems = error.validation.map((issue) => {
      const params = issue.params as { missingProperty?: string; additionalProperty?: string } | undefined;
      const path = (issue.instancePath || '/').replace(/^\//, '') || params?.missingProperty || '';
      // "must NOT have additional properties" does not say which one: name it.
      const message = params?.additionalProperty ? `has an unknown field "${params.additionalProperty}"` : issue.message;
      return { path, message };
    });
    const first = problems[0];
    const where = error.validationContext ?? 'body';
    return {
      code: 'invalid_input',
      message: `Invalid ${where}: ${first ? `${first.path ? first.path + ' ' : ''}${first.message}` : 'does not match the schema'}.`,
      details: { problems },
    };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'invalid_json', message: 'The request body is not valid JSON.', details: {} };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
      return { code: 'payload_too_large', message: 'The request is larger than allowed.', details: {} };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { code: 'unsupported_media_type', message: 'This content type is not accepted here.', details: {} };
    default:
      break;
  }
  if (error instanceof SyntaxError) return { code: 'invalid_json', message: 'The request body is not valid JSON.', details: {} };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { code: 'invalid_input', message: error.message, details: {} };
  }
  return undefined;
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  let body: ErrorBody | undefined;
  let status = 500;
  if (error instanceof AppError) {
    body = { code: error.code, message: error.message, details: error.details };
    status = error.status;
  } else {
    body = fromFastify(error) ?? fromDatabase(error as never);
    if (body) status = ERROR_STATUS[body.code];
  }
  if (!body) {
    request.log.error({ err: error }, 'request failed');
    body = { code: 'internal', message: 'Something went wrong on our side. It has been logged.', details: {} };
  } else if (status >= 500) {
    request.log.warn({ err: error }, body.message);
  }
  if (body.code === 'rate_limited' && typeof body.details.retryAfter === 'number') reply.header('Retry-After', body.details.retryAfter);
  return reply.status(status).send({ error: body });
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send({
    error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.`, details: {} },
  });
}
