/**
 * Asserts that every part occurs in `text`: one `toContain` each, so a failure names the part missing.
 * For pages and emails checked piece by piece.
 */
export function expectToContainAll(text: string, parts: string[]) {
  for (const part of parts) expect(text).toContain(part);
}
