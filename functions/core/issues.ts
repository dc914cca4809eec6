import type { z } from 'zod';

/** zod issues as short sentences naming the field: 400 answers (JSON `details`, page lists), skipped upstream entries. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => {
    const field = i.path.join('.');
    return field && !i.message.startsWith(String(i.path[0])) ? `${field}: ${i.message}` : i.message;
  });
}

/** The first few issues on one line: the reason a skipped upstream entry is reported with. */
export const issuesInOneLine = (error: z.ZodError): string => describeIssues(error).slice(0, 3).join('; ');
