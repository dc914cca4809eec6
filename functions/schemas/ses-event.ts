import * as z from 'zod';

/**
 * The SES event-publishing record (configuration set → SNS or EventBridge), as AWS documents it; only
 * the fields we act on are checked, the rest pass through. Feedback notifications name the type
 * `notificationType` instead of `eventType`.
 */
const recipient = z.looseObject({ emailAddress: z.string() });

export const sesEventSchema = z
  .looseObject({
    eventType: z.string().optional(),
    notificationType: z.string().optional(),
    mail: z.looseObject({
      messageId: z.string().optional(),
      timestamp: z.string().optional(),
      destination: z.array(z.string()).default([]),
      /** Event publishing only: our `EmailTags` (and SES's own `ses:*` tags), each a list of values. */
      tags: z.record(z.string(), z.array(z.string())).optional(),
    }),
    bounce: z
      .looseObject({
        bounceType: z.string(),
        bounceSubType: z.string().optional(),
        bouncedRecipients: z.array(recipient),
      })
      .optional(),
    complaint: z
      .looseObject({ complainedRecipients: z.array(recipient), complaintFeedbackType: z.string().optional() })
      .optional(),
    delivery: z.looseObject({ recipients: z.array(z.string()) }).optional(),
  })
  .transform((e) => ({ ...e, type: e.eventType ?? e.notificationType ?? 'unknown' }));
export type SesEvent = z.output<typeof sesEventSchema>;

/**
 * SNS's notification as SNS delivers it to an SQS queue without raw delivery: the body of each record of
 * the `ses-events` queue, with the SES record as the JSON string `Message`.
 */
export const snsNotificationSchema = z.looseObject({
  Type: z.literal('Notification'),
  MessageId: z.string().optional(),
  Message: z.string(),
});

/** EventBridge: `source` aws.ses, `detail-type` such as "Email Bounced", the SES record in `detail`. */
export const eventBridgeEnvelopeSchema = z.looseObject({
  source: z.literal('aws.ses'),
  'detail-type': z.string(),
  detail: z.unknown(),
});
