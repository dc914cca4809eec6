import escapeHtml from 'escape-html';

/**
 * Fills `{{name}}` placeholders of an already-rendered template. HTML values are escaped (so a URL or
 * address can never add markup); text values are inserted as they are. An unknown placeholder is a bug
 * in the caller, so it throws instead of sending an email with `{{…}}` in it.
 */
export function fillTemplate(
  template: string,
  values: Record<string, string>,
  mode: 'html' | 'text',
): string {
  return template.replace(/\{\{\s*([a-zA-Z][a-zA-Z0-9]*)\s*\}\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template placeholder {{${name}}} has no value`);
    return mode === 'html' ? escapeHtml(value) : value;
  });
}
