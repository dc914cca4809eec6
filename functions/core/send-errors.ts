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

/**
 * Not sent: the claim's window closed before this SES call could start (after waits for the rate or for
 * throttling). Another attempt may take the claim over once the grace window passes, so no call may start late.
 */
export class SendWindowClosed extends Error {
  override name = 'SendWindowClosed';
  constructor() {
    super('the claim window closed before SES was called');
  }
}

/** SES certainly did not take the email: it answered with an error, or it was never called. */
export function certainlyNotSent(err: unknown): boolean {
  return sesAnswered(err) || (err as ErrorLike | null)?.name === 'SendWindowClosed';
}
