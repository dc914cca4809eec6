import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Email } from '../../infra/constructs/email';
import { permissionsOf } from '../../infra/constructs/handler-function';
import { parseContext } from '../../infra/context';
import { FUNCTIONS } from '../../infra/functions';

/**
 * In the SES sandbox, SendEmail is authorised against the recipient's identity too: a fresh account's
 * first digest needs the verified recipient's identity ARN in the sender's policy.
 */
const build = (sandboxRecipient?: string) => {
  const stack = new Stack(new App(), 'Sandbox');
  const email = new Email(stack, 'Email', {
    domain: 'papers.example.com',
    sandboxRecipient,
    handlerTimeoutSeconds: 30,
  });
  return { stack, email };
};

test('sandboxRecipient: CDK creates its email identity and every mail-sending role may send to it', () => {
  const { stack, email } = build('ada@example.org');
  Template.fromStack(stack).hasResourceProperties('AWS::SES::EmailIdentity', {
    EmailIdentity: 'ada@example.org',
  });
  expect(email.recipientIdentityArns).toHaveLength(1);
  for (const spec of FUNCTIONS.filter((f) => f.sendsEmail)) {
    const statements = permissionsOf(spec, {
      tables: new Proxy({}, { get: (_t, id) => ({ tableArn: `arn:table/${String(id)}` }) }) as never,
      sendQueue: {} as never,
      tokenSecret: { secretArn: 'arn:secret' } as never,
      emailIdentityArn: email.identity.emailIdentityArn,
      configurationSetArn: email.configurationSetArn,
      recipientIdentityArns: email.recipientIdentityArns,
    }).map((s) => stack.resolve(s.toStatementJson()));
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'ses:SendEmail',
        Resource: [
          stack.resolve(email.identity.emailIdentityArn),
          stack.resolve(email.configurationSetArn),
          stack.resolve(email.recipientIdentityArns[0]),
        ],
      }),
    );
  }
});

test('without it, no recipient identity: only the domain identity exists', () => {
  const { stack, email } = build();
  expect(email.recipientIdentityArns).toEqual([]);
  Template.fromStack(stack).resourceCountIs('AWS::SES::EmailIdentity', 1);
  Template.fromStack(stack).hasResourceProperties('AWS::SES::EmailIdentity', {
    EmailIdentity: 'papers.example.com',
    ConfigurationSetAttributes: Match.anyValue(),
  });
});

test('sandboxRecipient must be an address', () => {
  const base = {
    senderAddress: 'digest@papers.example.com',
    domain: 'papers.example.com',
    postalAddress: '1 Example Street, Springfield',
  };
  const ctx = (extra: Record<string, unknown>) => parseContext((k) => ({ ...base, ...extra })[k]);
  expect(ctx({ sandboxRecipient: 'ada@example.org' }).sandboxRecipient).toBe('ada@example.org');
  expect(() => ctx({ sandboxRecipient: 'not-an-address' })).toThrow(/sandboxRecipient/);
});
