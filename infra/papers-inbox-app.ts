import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { parseContext } from './context';
import { PapersInboxStack } from './papers-inbox-stack';

export const STACK_NAME = 'PapersInbox';

/**
 * Adds the stack to `app` from the app's context, with cdk-nag's AwsSolutions and Serverless packs as
 * validation plugins: an unacknowledged finding fails synth. `infra/app.ts` and the tests build the app this way.
 */
export function addPapersInbox(app: App): PapersInboxStack {
  const context = parseContext((key) => app.node.tryGetContext(key));
  const stack = new PapersInboxStack(app, STACK_NAME, {
    context,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return stack;
}
