import { deliveryKeyOf, deliveryTags } from '../../functions/core/delivery-key';
import { claimSendsUntil, verdictOnExisting } from '../../functions/core/delivery-rules';

const claimedAt = '2026-09-02T06:30:00.000Z';
const at = (seconds: number) => new Date(Date.parse(claimedAt) + seconds * 1000);
const window = (seconds: number, claimId = 'mine') => ({
  now: at(seconds),
  claimId,
  claimWindowSeconds: 900,
  graceSeconds: 1800,
});

describe('verdictOnExisting (the settle rule)', () => {
  const other = { status: 'claimed' as const, claimedAt, claimId: 'theirs' };

  test('sent is sent, whoever claimed it and however old', () => {
    expect(verdictOnExisting({ ...other, status: 'sent' }, window(0))).toBe('already-sent');
    expect(verdictOnExisting({ ...other, status: 'sent' }, window(99_999, 'theirs'))).toBe('already-sent');
  });

  test('our own claim id is ours (a retried write whose answer was lost)', () => {
    expect(verdictOnExisting({ ...other, claimId: 'mine' }, window(0))).toBe('ours');
  });

  test("another's claim: in flight during its window, settling during the grace window, then resent", () => {
    expect(verdictOnExisting(other, window(0))).toBe('in-flight');
    expect(verdictOnExisting(other, window(899))).toBe('in-flight');
    expect(verdictOnExisting(other, window(900))).toBe('settling');
    expect(verdictOnExisting(other, window(2699))).toBe('settling');
    expect(verdictOnExisting(other, window(2700))).toBe('resend');
  });

  test('records written before claim ids existed follow the same windows', () => {
    const old = { status: 'claimed' as const, claimedAt };
    expect(verdictOnExisting(old, window(10))).toBe('in-flight');
    expect(verdictOnExisting(old, window(3000))).toBe('resend');
  });

  test('no SES call may start after the claim window', () => {
    expect(claimSendsUntil(claimedAt, 900)).toBe(at(900).getTime());
  });
});

describe('delivery tags', () => {
  const key = {
    subscriberId: 'mp9Nx5vTE-bmaV92MSzytNIxaCnx4Gd3',
    editionId: 'daily#2026-09-02',
    claimId: 'c-1',
  };

  test('travel as SES-safe tags and come back from an event', () => {
    const tags = deliveryTags(key);
    for (const t of tags) expect(t.value).toMatch(/^[A-Za-z0-9_-]+$/);
    const asEvent = Object.fromEntries(tags.map((t) => [t.name, [t.value]]));
    expect(deliveryKeyOf({ ...asEvent, 'ses:configuration-set': ['papers-inbox'] })).toEqual(key);
  });

  test('mail without them has no key; an id that cannot travel is refused', () => {
    expect(deliveryKeyOf({ 'ses:configuration-set': ['x'] })).toBeUndefined();
    expect(deliveryKeyOf(undefined)).toBeUndefined();
    expect(() => deliveryTags({ ...key, editionId: 'daily_x' })).toThrow();
    expect(() => deliveryTags({ ...key, subscriberId: 'a b' })).toThrow();
  });
});
