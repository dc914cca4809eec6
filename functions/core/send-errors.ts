/**
 * How a failed SES send is treated. Plain duck typing on the SDK's error shape (name, $metadata), so the
 * rules stay free of AWS imports.
 */
type ErrorLike = { name?: unknown; $metadata?: { httpStatusCode?: unknown }; issues?: unknown };

const THROTTLING = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling']);

/** SES said "slow down": retried with backoff, never dropped. */
export function isThrottlingError(err: unknown): boolean {
  const e = err as ErrorLike | null;
  return !!e && (THROTTLING.has(String(e.name)) || e.$metadata?.httpStatusCode === 429);
}

/** SES refused this one email for what it is (address, content): retrying the same email cannot help. */
const PERMANENT = new Set(['MessageRejected', 'BadRequestException', 'MailFromDomainNotVerifiedException']);

export function isPermanentRejection(err: unknown): boolean {
  const e = err as ErrorLike | null;
  // A ZodError from the mailer: the address or a header is not sendable.
  return !!e && (PERMANENT.has(String(e.name)) || e.name === 'ZodError');
}

/** SES answered with an error, so it certainly did not accept the email (unlike a timeout or a reset). */
export function sesAnswered(err: unknown): boolean {
  const e = err as ErrorLike | null;
  return !!e && typeof e.$metadata?.httpStatusCode === 'number';
}
