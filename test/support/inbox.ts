import { randomBytes } from 'node:crypto';

/** Reads what the SES emulator received, over its HTTP `/store` API, as a reader would find it in their inbox. */
export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
  at: number;
}

export async function emailsTo(address: string): Promise<StoredEmail[]> {
  const res = await fetch(`${process.env.SES_ENDPOINT}/store`);
  const { emails } = (await res.json()) as { emails: StoredEmail[] };
  return emails.filter((e) => e.destination.to.some((t) => t.toLowerCase() === address.toLowerCase()));
}

/** Waits (briefly) for the n-th email to an address. */
export async function waitForEmail(address: string, count = 1, timeoutMs = 5000): Promise<StoredEmail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await emailsTo(address);
    if (got.length >= count) return got[count - 1] as StoredEmail;
    if (Date.now() > deadline)
      throw new Error(`expected ${count} email(s) to ${address}, found ${got.length}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const header = (email: StoredEmail, name: string) =>
  email.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;

/** A fresh address per test: the SES emulator's store is shared by every test file of the run. */
export const uniqueEmail = (tag = 'reader') => `${tag}-${randomBytes(6).toString('hex')}@example.com`;
