import type { z } from 'zod';

/** zod issues as short sentences naming the field, for 400 answers (JSON `details`, page lists). */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => {
    const field = i.path.join('.');
    return field && !i.message.startsWith(String(i.path[0])) ? `${field}: ${i.message}` : i.message;
  });
}
