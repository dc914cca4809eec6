import escapeHtml from 'escape-html';

/**
 * Markup that is already safe to emit. Only `html` and `raw` make one, so any other value
 * interpolated into a template is escaped (by escape-html) — escaping is the default, not a habit.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

const render = (v: Interpolation): string => {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
};

/** Tagged template: `html\`<p>${userText}</p>\`` escapes `userText`; nested `html` results pass through. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i] as Interpolation) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** For markup we produced ourselves (never for input). */
export const raw = (markup: string): SafeHtml => new SafeHtml(markup);
