import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseContext } from '../../infra/context';
import { FUNCTIONS } from '../../infra/functions';
import { PapersInboxStack } from '../../infra/papers-inbox-stack';
import { SES_STARTING_MAX_SEND_RATE, senderPlanOf } from '../../infra/sender-plan';
import { deployContext } from './synth';

interface Resource {
  Type: string;
  Properties: {
    ReservedConcurrentExecutions?: number;
    Environment: { Variables: Record<string, string> };
    [key: string]: unknown;
  };
}

/** A stack with the sender only, bundling skipped (CDK's `aws:cdk:bundling-stacks`): the plan is what is tested. */
function senderStack(extra: Record<string, unknown>) {
  const ctx = deployContext(extra);
  const app = new App({
    context: { ...ctx, 'aws:cdk:bundling-stacks': [] },
    outdir: mkdtempSync(path.join(tmpdir(), 'cdk-plan-')),
  });
  const stack = new PapersInboxStack(app, 'PlanTest', {
    context: parseContext((k) => ctx[k]),
    functions: FUNCTIONS.filter((f) => f.name === 'sender'),
  });
  return Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
}
const ofType = (resources: ReturnType<typeof senderStack>, type: string) =>
  Object.values(resources).filter((r) => r.Type === type);

test.each([
  [50, 2, 4],
  [500, 5, 10],
])(
  'maxSendRate %d: %d sender instances (reserved and maximum concurrency), %d pages per batch',
  (rate, instances, batch) => {
    const resources = senderStack({ maxSendRate: rate });
    const [fn] = ofType(resources, 'AWS::Lambda::Function');
    const [mapping] = ofType(resources, 'AWS::Lambda::EventSourceMapping');
    expect(fn?.Properties.ReservedConcurrentExecutions).toBe(instances);
    expect(fn?.Properties.Environment.Variables.SENDER_CONCURRENCY).toBe(String(instances));
    expect(mapping?.Properties).toMatchObject({
      BatchSize: batch,
      ScalingConfig: { MaximumConcurrency: instances },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(senderPlanOf({ maxSendRate: rate })).toMatchObject({ instances, batchSize: batch });
  },
);

test("without maxSendRate the stack is planned for SES's starting production rate; senderConcurrency overrides", () => {
  expect(senderPlanOf({})).toEqual(senderPlanOf({ maxSendRate: SES_STARTING_MAX_SEND_RATE }));
  const [fn] = ofType(senderStack({ maxSendRate: 500, senderConcurrency: 10 }), 'AWS::Lambda::Function');
  expect(fn?.Properties.ReservedConcurrentExecutions).toBe(10);
});
