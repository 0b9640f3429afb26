import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import type { ErrorBody, ErrorCode } from "../../../common/error-codes.js";
import { sqlStateOf } from "../db/sql-state.js";
import { AppError, RateLimitError } from "../errors.js";

/** The one place where errors become HTTP responses of the shape `{ error: { code, message, details } }`. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const body = toErrorBody(error, request);
    const status = statusOf(error, body.error.code);
    if (status >= 500) request.log.error({ err: error }, "request failed");
    if (error instanceof RateLimitError) void reply.header("retry-after", String(error.retryAfterSeconds));
    return reply.status(status).send(body);
  });
}

export function sendError(reply: FastifyReply, status: number, code: ErrorCode, message: string, details?: unknown): FastifyReply {
  const body: ErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return reply.status(status).send(body);
}

function toErrorBody(error: FastifyError, request: FastifyRequest): ErrorBody {
  if (error instanceof AppError) return body(error.code, error.message, error.details);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = error.validationContext ?? "body";
    const fields = error.validation.map((issue) => ({
      field: [part, ...issue.instancePath.split("/").filter(Boolean)].join("."),
      message: issue.message ?? "is invalid",
    }));
    return body("validation_failed", `Some fields are invalid: ${fields.map((field) => `${field.field} ${field.message}`).join("; ")}`, fields);
  }
  if (isResponseSerializationError(error)) return body("internal_error", "Something went wrong on our side.");
  const databaseError = fromDatabaseError(error);
  if (databaseError) return databaseError;
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return body("invalid_json", "The request body is not valid JSON.");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return body("validation_failed", `The content type ${request.headers["content-type"] ?? "(none)"} is not accepted here.`);
    case "FST_ERR_CTP_BODY_TOO_LARGE":
    case "FST_REQ_FILE_TOO_LARGE":
      return body("payload_too_large", "The request is too large.");
    case "FST_ERR_VALIDATION":
      return body("validation_failed", error.message);
  }
  if (error.statusCode === 429) return body("rate_limited", "Too many requests. Please wait a moment and try again.");
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return body("validation_failed", error.message);
  return body("internal_error", "Something went wrong on our side. It has been logged.");
}

/** SQLSTATE classes that a client caused, mapped to clear answers; never the raw database text. */
function fromDatabaseError(error: unknown): ErrorBody | null {
  switch (sqlStateOf(error)) {
    case "23505":
      return body("conflict", "This already exists.");
    case "23503":
      return body("validation_failed", "A referenced record does not exist.");
    case "23514":
    case "22P02":
    case "22001":
    case "22003":
    case "22007":
    case "22008":
      return body("validation_failed", "A value is out of range or malformed.");
    case "40001":
    case "40P01":
      return body("conflict", "Someone else changed this at the same moment. Please try again.");
    default:
      return null;
  }
}

function statusOf(error: FastifyError, code: ErrorCode): number {
  if (error instanceof AppError) return error.status;
  switch (code) {
    case "validation_failed":
    case "invalid_json":
      return 400;
    case "route_not_found":
      return 404;
    case "conflict":
      return 409;
    case "payload_too_large":
      return 413;
    case "rate_limited":
      return 429;
    default:
      return 500;
  }
}

function body(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}
