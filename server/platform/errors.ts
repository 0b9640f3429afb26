import type { ErrorCode } from "../../common/error-codes.js";

export type ErrorDetails = Record<string, unknown> | Array<Record<string, unknown>>;

/**
 * The one error type of Caredesk. Its `code` is stable and documented; its `message`
 * is written for a person and safe to show; the HTTP error handler maps it to JSON.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(code, 400, message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(code: ErrorCode = "unauthenticated", message = "Please log in first.") {
    super(code, 401, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(code: ErrorCode = "forbidden", message = "You are not allowed to do this.") {
    super(code, 403, message);
  }
}

export class NotFoundError extends AppError {
  constructor(code: ErrorCode, message = "Not found.") {
    super(code, 404, message);
  }
}

export class ConflictError extends AppError {
  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(code, 409, message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(code, 413, message, details);
  }
}

export class RateLimitError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, 429, message, { retryAfterSeconds });
  }
}

/** A channel could not deliver an outbound message; retryable unless `isPermanent`. */
export class DeliveryError extends AppError {
  constructor(
    message: string,
    readonly isPermanent = false,
    details?: ErrorDetails,
  ) {
    super("delivery_failed", 502, message, details);
  }
}
