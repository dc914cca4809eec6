import { CfnOutput, type CfnOutputProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/**
 * A stack output named `<construct id><name>` (e.g. `EmailDkimRecord1`), without the hash CDK appends to
 * outputs inside a construct, so the README and `describe-stacks` show the same names.
 */
export function namedOutput(scope: Construct, name: string, props: CfnOutputProps): CfnOutput {
  const output = new CfnOutput(scope, name, props);
  output.overrideLogicalId(`${scope.node.id}${name}`);
  return output;
}
