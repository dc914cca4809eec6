import { z } from 'zod';

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
    mail: z.looseObject({ messageId: z.string().optional(), destination: z.array(z.string()).default([]) }),
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

/** Lambda's SNS event: each record's `Sns.Message` is the SES record as a JSON string. */
export const snsEnvelopeSchema = z.object({
  Records: z
    .array(z.looseObject({ Sns: z.looseObject({ MessageId: z.string().optional(), Message: z.string() }) }))
    .min(1),
});

/** EventBridge: `source` aws.ses, `detail-type` such as "Email Bounced", the SES record in `detail`. */
export const eventBridgeEnvelopeSchema = z.looseObject({
  source: z.literal('aws.ses'),
  'detail-type': z.string(),
  detail: z.unknown(),
});
