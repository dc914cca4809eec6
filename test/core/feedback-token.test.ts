import { issueFeedbackToken, verifyFeedbackToken } from '../../functions/core/feedback-token';
import { asQueryToken } from '../../functions/core/links';

test('a feedback token is base64url and a dot: a QueryToken as issued, so digests insert it as it is', () => {
  // Prepare
  const secret = Buffer.from('a-secret-of-some-length-0123456789');
  const claims = {
    subscriberId: 'x'.repeat(43),
    paperId: '2501.12345',
    editionId: 'weekly#2026-06-15',
    version: 3,
  };

  for (let version = 0; version < 50; version++) {
    // Act
    const token = issueFeedbackToken(secret, { ...claims, version });

    // Assess
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(asQueryToken(token)).toBe(token);
    expect(verifyFeedbackToken(secret, token)).toMatchObject({ ok: true, version });
  }
});
