import { createHmac, randomBytes } from 'node:crypto';
import { hmacSha256 } from '../../functions/core/hmac';

test('the same MAC as createHmac with the secret as a Buffer, for every secret and text, twice over', () => {
  const secrets = [randomBytes(32), randomBytes(32), Buffer.from('short'), Buffer.alloc(0)];
  const texts = ['', 'feedback:abc', 'é😀'.repeat(50), 'x'.repeat(5000)];
  for (let round = 0; round < 2; round++)
    for (const secret of secrets)
      for (const text of texts)
        expect(hmacSha256(secret, text).digest('base64url')).toBe(
          createHmac('sha256', secret).update(text).digest('base64url'),
        );
  // Another Buffer with the same bytes is the same key.
  const copy = Buffer.from(secrets[0] as Buffer);
  expect(hmacSha256(copy, 'a').digest('hex')).toBe(hmacSha256(secrets[0] as Buffer, 'a').digest('hex'));
});
