import * as z from 'zod';
import { canonicalTimeZone } from '../core/time-zones';
import { canonicalTopic } from '../core/topics';
import { DIGEST_SIZES, PROFILE_LIMITS } from './profile';
import { frequencySchema } from './subscriber';

/**
 * Request bodies of the subscriber lifecycle (POST /subscriptions, POST /preferences), as parsed from
 * JSON or from a form. Forms give every value as a string and repeat `topics`, so topics accept an
 * array or a comma list; both end as a clean, de-duplicated list in one canonical spelling
 * (`core/topics.canonicalTopic`: vocabulary topics as configured, `cs.CL` as arXiv writes it, keywords lower-case).
 */

export const MAX_EMAIL_LENGTH = 254;
export const MAX_TOPICS = 20;
export const MAX_KEYWORD_LENGTH = 32;

/** RFC 5321 limits (254 total, 64 local part) on top of zod's pragmatic address check. */
export const emailSchema = z
  .string({ error: 'email is required and must be a string' })
  .trim()
  .min(1, 'email is required')
  .max(MAX_EMAIL_LENGTH, `email must be at most ${MAX_EMAIL_LENGTH} characters`)
  .pipe(z.email({ error: 'email is not a valid address' }))
  .refine((s) => (s.split('@')[0]?.length ?? 0) <= 64, 'email local part must be at most 64 characters');

/** A free keyword: letters, digits, space, `+#.-`, starting with a letter or digit. */
const keywordPattern = new RegExp(`^[\\p{L}\\p{N}][\\p{L}\\p{N} +#.-]{0,${MAX_KEYWORD_LENGTH - 1}}$`, 'u');

/** A refused value as a refusal quotes it: JSON (quoted, control characters escaped), cut at 40 characters. */
const shown = (v: unknown) => {
  if (typeof v !== 'string') return String(JSON.stringify(v) ?? v).slice(0, 40);
  return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
};

/** Topics: the listed ones and free keywords. A refusal names the field and the value at fault. */
export function topicsSchema(vocabulary: readonly string[]) {
  const known = new Map(vocabulary.map((t) => [t.toLowerCase(), t] as const));
  const topic = z
    .string({ error: (iss) => `topics: ${shown(iss.input)} is not a string (each topic is a word or two)` })
    .trim()
    .superRefine((t, ctx) => {
      if (!known.has(t.toLowerCase()) && !keywordPattern.test(t))
        ctx.addIssue({
          code: 'custom',
          message: `topics: ${shown(t)} is neither one of the listed topics nor a keyword of 1-${MAX_KEYWORD_LENGTH} letters, digits, spaces or +#.- (starting with a letter or digit)`,
        });
    })
    .transform((t) => canonicalTopic(t, known));
  return z.preprocess(
    (v) =>
      typeof v === 'string' || (Array.isArray(v) && v.every((t) => typeof t === 'string'))
        ? [v]
            .flat()
            .flatMap((t: string) => t.split(','))
            .filter((t) => t.trim() !== '')
        : v,
    z
      .array(topic, { error: (iss) => `topics must be a list of strings, not ${shown(iss.input)}` })
      // Duplicates go before the count: 50 times the same topic is one topic.
      .transform((ts) => [...new Set(ts)])
      .superRefine((ts, ctx) => {
        if (ts.length > MAX_TOPICS)
          ctx.addIssue({
            code: 'custom',
            message: `topics: at most ${MAX_TOPICS} topics, got ${ts.length} (the first one over is ${shown(ts[MAX_TOPICS])})`,
          });
      }),
  );
}

/**
 * A list of short free texts (excluded keywords, followed names): an array or a comma/newline list,
 * trimmed, de-duplicated ignoring case, then counted. A refusal names the field and the value at fault.
 * Markup is not refused: it is stored as text and escaped wherever it is shown.
 */
function textListSchema(field: string, maxItems: number, maxChars: number) {
  const item = z
    .string({ error: (iss) => `${field}: ${shown(iss.input)} is not a string` })
    .superRefine((v, ctx) => {
      if (v.length > maxChars)
        ctx.addIssue({
          code: 'custom',
          message: `${field}: ${shown(v)} is longer than ${maxChars} characters`,
        });
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
      if (/[\u0000-\u001f\u007f]/.test(v))
        ctx.addIssue({ code: 'custom', message: `${field}: ${shown(v)} contains a control character` });
    });
  return z.preprocess(
    (v) =>
      typeof v === 'string' || (Array.isArray(v) && v.every((t) => typeof t === 'string'))
        ? [v]
            .flat()
            .flatMap((t: string) => t.split(/[,\r\n]+/))
            .map((t) => t.trim())
            .filter((t) => t !== '')
        : v,
    z
      .array(item, { error: (iss) => `${field} must be a list of strings, not ${shown(iss.input)}` })
      .transform((ts) => {
        const seen = new Set<string>();
        return ts.filter((t) => !seen.has(t.toLowerCase()) && seen.add(t.toLowerCase()));
      })
      .superRefine((ts, ctx) => {
        if (ts.length > maxItems)
          ctx.addIssue({
            code: 'custom',
            message: `${field}: at most ${maxItems} entries, got ${ts.length} (the first one over is ${shown(ts[maxItems] as string)})`,
          });
      }),
  );
}

export const excludesSchema = textListSchema(
  'excludes',
  PROFILE_LIMITS.excludes,
  PROFILE_LIMITS.excludeChars,
);
export const followedAuthorsSchema = textListSchema(
  'followedAuthors',
  PROFILE_LIMITS.followedAuthors,
  PROFILE_LIMITS.nameChars,
);
export const followedOrganizationsSchema = textListSchema(
  'followedOrganizations',
  PROFILE_LIMITS.followedOrganizations,
  PROFILE_LIMITS.nameChars,
);
/** 5, 10 or 20; a form sends it as a string. */
export const digestSizeRequestSchema = z.preprocess(
  (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
  z.literal(DIGEST_SIZES, {
    error: (iss) => `digestSize must be ${DIGEST_SIZES.join(', ')}, not ${JSON.stringify(iss.input)}`,
  }),
);

/** The stored `Frequency` values, with a reason a reader understands. */
const frequencyField = () =>
  z.enum(frequencySchema.options, {
    error: `frequency must be ${frequencySchema.options.map((o) => `"${o}"`).join(' or ')}`,
  });

/** An empty form field is a field not given. */
const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);

/** An IANA zone name (`Europe/Berlin`, `Asia/Kolkata`), stored in its canonical spelling. */
export const timeZoneField = () =>
  z.preprocess(
    blankIsAbsent,
    z
      .string({ error: 'timeZone must be a string' })
      .transform((v, ctx) => {
        const zone = canonicalTimeZone(v);
        if (!zone)
          ctx.addIssue({
            code: 'custom',
            message: `timeZone "${v.slice(0, 64)}" is not a known IANA time zone (such as Europe/Berlin or Asia/Kolkata)`,
          });
        return zone ?? '';
      })
      .optional(),
  );

/** A whole number from a JSON number or a form string. */
const wholeNumber = (name: string, min: number, max: number, what: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d{1,2}\s*$/.test(v) ? Number(v) : blankIsAbsent(v)),
    z
      .number({ error: `${name} must be ${what}` })
      .int({ error: `${name} must be ${what}` })
      .min(min, { error: `${name} must be ${what}` })
      .max(max, { error: `${name} must be ${what}` })
      .optional(),
  );

export const deliveryHourField = () =>
  wholeNumber('deliveryHour', 0, 23, 'a whole hour from 0 to 23 (local time)');
export const weeklyDayField = () =>
  wholeNumber('weeklyDay', 0, 6, 'a weekday from 0 (Sunday) to 6 (Saturday)');

/**
 * A request object that refuses a field it does not know, naming it and the fields it takes: a typo
 * (`excludedKeywords` for `excludes`, `topic` for `topics`) must not be answered 200 with nothing saved.
 */
function requestObject<S extends z.ZodRawShape>(shape: S, unlisted: readonly string[] = []) {
  const known = Object.keys(shape)
    .filter((k) => !unlisted.includes(k))
    .join(', ');
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown field${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => shown(k)).join(', ')} (the fields are ${known})`
        : undefined,
  });
}

export function subscribeRequestSchema(vocabulary: readonly string[]) {
  return requestObject(
    {
      email: emailSchema,
      topics: topicsSchema(vocabulary).optional().default([]),
      frequency: z.preprocess((v) => (v === '' ? undefined : v), frequencyField().default('daily')),
      /** Absent: the configured DEFAULT_TIME_ZONE, DEFAULT_DELIVERY_HOUR and WEEKLY_DIGEST_WEEKDAY. */
      timeZone: timeZoneField().optional(),
      deliveryHour: deliveryHourField().optional(),
      weeklyDay: weeklyDayField().optional(),
      /** Honeypot: hidden from people by the signup page, filled in by naive bots. */
      website: z.string({ error: 'website must be a string' }).max(2000).optional(),
      // The honeypot is taken but not named in a refusal: a bot is not told which field is the trap.
    },
    ['website'],
  );
}
export type SubscribeRequest = z.infer<ReturnType<typeof subscribeRequestSchema>>;

/**
 * POST /preferences: `action=update` or `action=erase` (with `confirm=yes` to do it). An update changes
 * the fields it names and leaves every field it omits as it is (the form always sends `topics`, possibly
 * empty, through its keywords box).
 */
export function preferencesRequestSchema(vocabulary: readonly string[]) {
  return z.discriminatedUnion(
    'action',
    [
      requestObject({
        action: z.literal('update'),
        topics: topicsSchema(vocabulary).optional(),
        frequency: frequencyField().optional(),
        excludes: excludesSchema.optional(),
        followedAuthors: followedAuthorsSchema.optional(),
        followedOrganizations: followedOrganizationsSchema.optional(),
        digestSize: digestSizeRequestSchema.optional(),
        timeZone: timeZoneField().optional(),
        deliveryHour: deliveryHourField().optional(),
        weeklyDay: weeklyDayField().optional(),
      }),
      /** Clears the feedback list and what the ranking learned from it. */
      requestObject({ action: z.literal('forget-feedback') }),
      requestObject({
        action: z.literal('erase'),
        confirm: z.preprocess(
          (v) => (v === true ? 'yes' : v),
          z.literal('yes', { error: 'confirm must be "yes"' }).optional(),
        ),
      }),
    ],
    { error: 'action must be "update" or "erase" (or "forget-feedback")' },
  );
}
export type PreferencesRequest = z.infer<ReturnType<typeof preferencesRequestSchema>>;

/** The schemas depend on the configured vocabulary only: each is built once per vocabulary. */
function perVocabulary<S>(build: (vocabulary: readonly string[]) => S) {
  const built = new WeakMap<readonly string[], S>();
  return (vocabulary: readonly string[]): S => {
    let schema = built.get(vocabulary);
    if (!schema) {
      schema = build(vocabulary);
      built.set(vocabulary, schema);
    }
    return schema;
  };
}

export const subscribeRequestSchemaFor = perVocabulary(subscribeRequestSchema);
export const preferencesRequestSchemaFor = perVocabulary(preferencesRequestSchema);
