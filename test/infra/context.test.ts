import { ContextError, parseContext } from '../../infra/context';

const required = {
  senderAddress: 'Papers Inbox <digest@papers.example.com>',
  domain: 'papers.example.com',
  postalAddress: 'Papers Inbox, 1 Example Street, Springfield',
};
const parse = (ctx: Record<string, unknown>) => parseContext((k) => ctx[k]);

test('the required keys alone give the config defaults for the rest', () => {
  const c = parse(required);
  expect(c).toMatchObject({
    ...required,
    ingestSchedule: '0 6 * * *',
    digestSchedule: '*/15 * * * *',
    logRetentionDays: 30,
  });
  // Derived from maxSendRate by infra/sender-plan.ts unless given.
  expect(c.senderConcurrency).toBeUndefined();
  expect(c.alarmEmail).toBeUndefined();
  expect(c.maxSendRate).toBeUndefined();
});

test('CLI strings are coerced (-c maxSendRate=14)', () => {
  expect(parse({ ...required, maxSendRate: '14', senderConcurrency: '3' })).toMatchObject({
    maxSendRate: 14,
    senderConcurrency: 3,
  });
});

test.each([
  [{ senderAddress: undefined }, 'context "senderAddress" is required (cdk deploy -c senderAddress=…)'],
  [{ domain: undefined }, 'context "domain" is required (cdk deploy -c domain=…)'],
  [{ postalAddress: undefined }, 'context "postalAddress" is required (cdk deploy -c postalAddress=…)'],
  [
    { senderAddress: 'digest@other.example.org' },
    'context "senderAddress" must be an address at papers.example.com',
  ],
  [
    { senderAddress: 'not an address' },
    'context "senderAddress" must be "Name <user@domain>" or user@domain',
  ],
  [{ domain: 'localhost' }, 'context "domain" must be a DNS name like example.com'],
  [
    { tokenKeyRotationDays: '90' },
    'context "tokenKeyRotationDays" must be at least 180 (a manage link\'s lifetime)',
  ],
  [{ publicUrl: 'ftp://x.example.com' }, 'context "publicUrl"'],
  [{ alarmEmail: 'ops' }, 'context "alarmEmail"'],
  [{ ingestSchedule: '0 6 * *' }, 'context "ingestSchedule" "0 6 * *": expected 5 cron fields'],
  [{ digestSchedule: '0 6 1 * 1' }, 'context "digestSchedule"'],
  [{ maxSendRate: '-1' }, 'context "maxSendRate"'],
  [{ logRetentionDays: '31' }, 'context "logRetentionDays" must be one of 1, 3, 5'],
  [{ customDomain: 'papers.example.com' }, 'context "certificateArn" is required with customDomain'],
  [
    { mailFromDomain: 'mail.other.org' },
    'context "mailFromDomain" must be a subdomain of papers.example.com',
  ],
])('%o fails with a one-line reason', (override, reason) => {
  let message = '';
  try {
    parse({ ...required, ...override });
  } catch (err) {
    expect(err).toBeInstanceOf(ContextError);
    message = (err as Error).message;
  }
  expect(message).toContain(reason);
  expect(message).not.toContain('\n');
});
