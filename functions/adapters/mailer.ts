import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import * as z from 'zod';
import type { Config } from '../config';
import { SendWindowClosed } from '../core/send-errors';
import type { Mailer } from '../ports';
import { clientOptions } from './client-options';

/** CR or LF in anything that becomes a header would let input add headers of its own. */
const headerSafe = z.string().refine((s) => !/[\r\n]/.test(s), 'must not contain line breaks');

export const outgoingEmailSchema = z.object({
  to: z.email().pipe(headerSafe),
  subject: headerSafe.pipe(z.string().min(1).max(998)),
  html: z.string().min(1),
  text: z.string().min(1),
  headers: z.array(z.object({ name: z.string().regex(/^[A-Za-z0-9-]+$/), value: headerSafe })).default([]),
  /** SES v2 `EmailTags`: copied by SES into every event of this email (the digest's delivery key). */
  tags: z
    .array(
      z.object({
        name: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/),
        value: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/),
      }),
    )
    .default([]),
});

/** Sends through SES API v2 `SendEmail` with Simple content: it carries our own headers without hand-built MIME. */
export function createSesMailer(ses: SESv2Client, config: Config): Mailer {
  return {
    async send(input, opts) {
      if (opts?.notAfter !== undefined && Date.now() > opts.notAfter) throw new SendWindowClosed();
      const email = outgoingEmailSchema.parse(input);
      const out = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: config.SENDER_ADDRESS,
          Destination: { ToAddresses: [email.to] },
          ConfigurationSetName: config.SES_CONFIGURATION_SET,
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: {
                Html: { Data: email.html, Charset: 'UTF-8' },
                Text: { Data: email.text, Charset: 'UTF-8' },
              },
              Headers: email.headers.map((h) => ({ Name: h.name, Value: h.value })),
            },
          },
          ...(email.tags.length
            ? { EmailTags: email.tags.map((t) => ({ Name: t.name, Value: t.value })) }
            : {}),
        }),
      );
      return { messageId: out.MessageId ?? '' };
    },
  };
}

/** The SES mailer on a client of its own, from config (a Lambda loads it on first use: roots/lazy-adapters.ts). */
export const sesMailerFor = (config: Config): Mailer =>
  createSesMailer(new SESv2Client(clientOptions(config, config.SES_ENDPOINT)), config);
