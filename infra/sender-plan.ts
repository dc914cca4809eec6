import { configSchema } from '../functions/config';
import { type SendPlan, sendPlan } from '../functions/core/send-plan';
import type { DeployContext } from './context';

/** What SES gives a new account when it leaves the sandbox (emails per second): planned for when maxSendRate is unset. */
export const SES_STARTING_MAX_SEND_RATE = 14;

const configDefault = <K extends keyof typeof configSchema.shape>(key: K) =>
  configSchema.shape[key].parse(undefined) as number;

/**
 * The sender as CDK deploys it: instances (reserved and maximum concurrency), SQS batch size, from the
 * account's rate (context maxSendRate) and the config's expected latencies. The sender computes the
 * same plan at run time from the rate it is given (or reads from SES) and the instances deployed here.
 */
export function senderPlanOf(ctx: Pick<DeployContext, 'maxSendRate' | 'senderConcurrency'>): SendPlan {
  return sendPlan({
    maxSendRate: ctx.maxSendRate ?? SES_STARTING_MAX_SEND_RATE,
    instances: ctx.senderConcurrency,
    pageSize: configDefault('SEND_PAGE_SIZE'),
    sesLatencyMs: configDefault('SES_LATENCY_MS'),
    dynamoLatencyMs: configDefault('DYNAMODB_LATENCY_MS'),
    instanceMaxRate: configDefault('SENDER_INSTANCE_MAX_RATE'),
  });
}
