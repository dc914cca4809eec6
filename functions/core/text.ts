/** Any run of white space (arXiv's hard line breaks included) as one space, trimmed: one line everywhere, never a CR/LF in a subject. */
export const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
