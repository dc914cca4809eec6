import { z } from 'zod';
import { configSchema } from '../functions/config';
import { TOKEN_TTL_SECONDS } from '../functions/core/tokens';
import { DEFAULT_THROTTLE_BUDGETS, type ThrottleBudget, type ThrottleBudgets } from './api-throttles';
import { toEventBridgeCron } from './cron';

/**
 * Deploy parameters, read from CDK context (`cdk.json` or `cdk deploy -c key=value`) and validated
 * here, so a missing or malformed one stops synth with a one-line reason instead of a broken stack.
 * Defaults that the Lambdas also use (schedules, sender concurrency) come from the one config schema.
 */
const configDefault = <K extends keyof typeof configSchema.shape>(key: K) =>
  configSchema.shape[key].parse(undefined) as z.infer<(typeof configSchema.shape)[K]>;

const hostname = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i,
    'must be a DNS name like example.com',
  );
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());
const cron = z.string().superRefine((value, ctx) => {
  try {
    toEventBridgeCron(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});
/** `Name <address>` or a bare address: what SES's FromEmailAddress accepts. */
const senderAddress = z
  .string()
  .regex(
    /^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/,
    'must be "Name <user@domain>" or user@domain',
  );

const rate = (b: ThrottleBudget) =>
  z.coerce.number().positive().default(DEFAULT_THROTTLE_BUDGETS[b].rateLimit);
const burst = (b: ThrottleBudget) =>
  z.coerce.number().int().positive().default(DEFAULT_THROTTLE_BUDGETS[b].burstLimit);

const MANAGE_LINK_DAYS = TOKEN_TTL_SECONDS.manage / 86_400;

/** CloudWatch Logs accepts only these retention periods. */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
];

export const contextSchema = z
  .object({
    /** The From of every email; its domain must be `domain` or a subdomain of it. */
    senderAddress,
    /** The domain SES verifies (Easy DKIM); its DNS records are stack outputs. */
    domain: hostname,
    /** Base URL of links in emails; default: https://customDomain, else the HTTP API's own URL. */
    publicUrl: optional(z.url({ protocol: /^https?$/ })),
    /** Physical address printed in every email's footer (CAN-SPAM). */
    postalAddress: z.string().trim().min(5, 'must be a postal address'),
    /**
     * SES sandbox: an address to send the first emails to. CDK creates its SES email identity (SES mails
     * it a verification link on deploy) and authorises sending to it, as the sandbox requires.
     */
    sandboxRecipient: optional(z.email()),
    /** Alarms are emailed here; without it they only go to the SNS topic. */
    alarmEmail: optional(z.email()),
    ingestSchedule: cron.default(configDefault('INGEST_SCHEDULE')),
    digestSchedule: cron.default(configDefault('DIGEST_SCHEDULE')),
    maxSendRate: optional(z.coerce.number().positive()),
    /** Sender instances; default: derived from maxSendRate by `core/send-plan.sendPlan` (infra/sender-plan.ts). */
    senderConcurrency: optional(z.coerce.number().int().min(1).max(1000)),
    /** Custom domain for the HTTP API (needs certificateArn, an ACM certificate in the stack's region). */
    customDomain: optional(hostname),
    certificateArn: optional(z.string().regex(/^arn:aws[a-z-]*:acm:/, 'must be an ACM certificate ARN')),
    /** Custom MAIL FROM domain, a subdomain of `domain` (e.g. mail.example.com). */
    mailFromDomain: optional(hostname),
    logRetentionDays: z.coerce
      .number()
      .int()
      .refine((d) => RETENTION_DAYS.includes(d), `must be one of ${RETENTION_DAYS.join(', ')}`)
      .default(30),
    /**
     * Days between scheduled rotations of the token-signing key. At least a manage link's lifetime
     * (180 days): a link stays valid while its key is `current` or `previous`, i.e. one full period.
     */
    tokenKeyRotationDays: z.coerce
      .number()
      .int()
      .min(MANAGE_LINK_DAYS, `must be at least ${MANAGE_LINK_DAYS} (a manage link's lifetime)`)
      .max(1000, 'must be at most 1000 (Secrets Manager)')
      .default(MANAGE_LINK_DAYS),
    /** The stage's default route limits (every path without a route of its own). */
    apiRateLimit: rate('default'),
    apiBurstLimit: burst('default'),
    /** Per-route limits (infra/api-throttles.ts): POST /subscriptions … */
    signupRateLimit: rate('signup'),
    signupBurstLimit: burst('signup'),
    /** … GET and POST /unsubscribe (the one-click POST included) … */
    unsubscribeRateLimit: rate('unsubscribe'),
    unsubscribeBurstLimit: burst('unsubscribe'),
    /** … and GET/POST /preferences, GET /preferences/export, each route its own bucket. */
    preferencesRateLimit: rate('preferences'),
    preferencesBurstLimit: burst('preferences'),
  })
  .superRefine((c, ctx) => {
    const senderDomain = c.senderAddress.match(/@([^>\s]+)>?$/)?.[1]?.toLowerCase() ?? '';
    const domain = c.domain.toLowerCase();
    if (senderDomain !== domain && !senderDomain.endsWith(`.${domain}`)) {
      ctx.addIssue({ code: 'custom', path: ['senderAddress'], message: `must be an address at ${c.domain}` });
    }
    if (c.mailFromDomain && !c.mailFromDomain.toLowerCase().endsWith(`.${domain}`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['mailFromDomain'],
        message: `must be a subdomain of ${c.domain}`,
      });
    }
    if (c.customDomain && !c.certificateArn) {
      ctx.addIssue({ code: 'custom', path: ['certificateArn'], message: 'is required with customDomain' });
    }
  });

export type DeployContext = z.infer<typeof contextSchema>;
export const CONTEXT_KEYS = Object.keys(contextSchema.shape) as (keyof DeployContext)[];

/** The per-route throttle budgets of a deploy. */
export const throttleBudgetsOf = (c: DeployContext): ThrottleBudgets => ({
  default: { rateLimit: c.apiRateLimit, burstLimit: c.apiBurstLimit },
  signup: { rateLimit: c.signupRateLimit, burstLimit: c.signupBurstLimit },
  unsubscribe: { rateLimit: c.unsubscribeRateLimit, burstLimit: c.unsubscribeBurstLimit },
  preferences: { rateLimit: c.preferencesRateLimit, burstLimit: c.preferencesBurstLimit },
});

export class ContextError extends Error {}

/** `lookup` is `app.node.tryGetContext`; only this schema's keys are read. */
export function parseContext(lookup: (key: string) => unknown): DeployContext {
  const raw = Object.fromEntries(CONTEXT_KEYS.map((k) => [k, lookup(k)]));
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.join('.') || '?';
    const value = raw[key as keyof typeof raw];
    const reason =
      value === undefined && issue?.code !== 'custom' ? 'is required' : (issue?.message ?? 'is invalid');
    throw new ContextError(`context "${key}" ${reason} (cdk deploy -c ${key}=…)`);
  }
  return parsed.data;
}
