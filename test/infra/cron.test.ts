import { CronConversionError, toEventBridgeCron } from '../../infra/cron';

test.each([
  ['0 6 * * *', 'cron(0 6 * * ? *)'],
  ['30 6 * * *', 'cron(30 6 * * ? *)'],
  ['*/15 * * * *', 'cron(0/15 * * * ? *)'],
  ['*/10 */2 */3 */6 *', 'cron(0/10 0/2 1/3 1/6 ? *)'],
  ['0,*/20 6 * * *', 'cron(0,0/20 6 * * ? *)'],
  ['0 7 1 * *', 'cron(0 7 1 * ? *)'],
  ['0 7 * * 1', 'cron(0 7 ? * 2 *)'],
  ['0 7 * * 0', 'cron(0 7 ? * 1 *)'],
  ['0 7 * * 7', 'cron(0 7 ? * 1 *)'],
  ['0 7 * * 1-5', 'cron(0 7 ? * 2-6 *)'],
  ['0 7 * * 1,3,5', 'cron(0 7 ? * 2,4,6 *)'],
  ['0 7 * * MON-FRI', 'cron(0 7 ? * MON-FRI *)'],
  ['0 6 L * *', 'cron(0 6 L * ? *)'],
  ['  0   6 * * *  ', 'cron(0 6 * * ? *)'],
])('%s → %s', (cron, eventBridge) => {
  expect(toEventBridgeCron(cron)).toBe(eventBridge);
});

test.each([
  ['0 6 * *', /expected 5 cron fields/],
  ['0 0 6 * * *', /expected 5 cron fields/],
  ['0 66 * * *', /hour/],
  ['0 6 1 * 1', /both day-of-month and day-of-week/],
  ['0 6 * * 5-7', /without 7/],
  ['0 6 * * */2', /no steps in day-of-week/],
  ['0 6 * * $(rm)', /unsupported characters/],
])('rejects %s with a reason', (cron, reason) => {
  expect(() => toEventBridgeCron(cron)).toThrow(CronConversionError);
  expect(() => toEventBridgeCron(cron)).toThrow(reason);
});
