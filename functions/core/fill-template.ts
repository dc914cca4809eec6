import escapeHtml from 'escape-html';

/**
 * The one placeholder syntax of every template (`templates/*.mjml`, `*.txt`, and the HTML compiled
 * from them): `{{name}}`, a name of letters and digits starting with a letter, spaces inside the braces
 * allowed. A template is parsed once into fixed parts and named slots; filling a slot inserts the value
 * as it is, so a value is never itself searched for placeholders (paper text saying `{{title}}` stays
 * text).
 */
const PLACEHOLDER = /\{\{\s*([a-zA-Z][a-zA-Z0-9]*)\s*\}\}/g;

/** A string with named holes: `parts[0] + value(slots[0]) + parts[1] + …`. Plain JSON. */
export interface SlotTemplate {
  parts: string[];
  slots: string[];
  /** UTF-8 bytes of all `parts`. */
  fixedBytes: number;
}

function slotTemplate(parts: string[], slots: string[]): SlotTemplate {
  return { parts, slots, fixedBytes: parts.reduce((n, p) => n + Buffer.byteLength(p), 0) };
}

export function parseTemplate(template: string): SlotTemplate {
  const parts: string[] = [];
  const slots: string[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    parts.push(template.slice(last, m.index));
    slots.push(m[1] as string);
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(template.slice(last));
  return slotTemplate(parts, slots);
}

/**
 * Fills the slots `values` has a value for and keeps the others as slots: an edition fills its words
 * once and leaves the reader's slots for each reader.
 */
export function fillSome(t: SlotTemplate, values: Record<string, string>): SlotTemplate {
  const parts: string[] = [t.parts[0] as string];
  const slots: string[] = [];
  t.slots.forEach((slot, i) => {
    const value = values[slot];
    const next = t.parts[i + 1] as string;
    if (value === undefined) {
      slots.push(slot);
      parts.push(next);
    } else parts[parts.length - 1] += value + next;
  });
  return slotTemplate(parts, slots);
}

/** Every slot filled; a slot without a value is a bug in the caller, so it throws. */
export function fillAll(t: SlotTemplate, values: Record<string, string>): string {
  let out = t.parts[0] as string;
  t.slots.forEach((slot, i) => {
    const value = values[slot];
    if (value === undefined) throw new Error(`template placeholder {{${slot}}} has no value`);
    out += value + (t.parts[i + 1] as string);
  });
  return out;
}

/** Pushes the filled pieces onto `out` (one `join` later copies each piece once). */
export function pushFilled(out: string[], t: SlotTemplate, values: Record<string, string>): void {
  out.push(t.parts[0] as string);
  for (let i = 0; i < t.slots.length; i++) {
    const value = values[t.slots[i] as string];
    if (value === undefined) throw new Error(`template placeholder {{${t.slots[i]}}} has no value`);
    out.push(value, t.parts[i + 1] as string);
  }
}

/** UTF-8 bytes of the filled template, without building it. */
export function filledBytes(t: SlotTemplate, values: Record<string, string>): number {
  let n = t.fixedBytes;
  for (const s of t.slots) n += Buffer.byteLength(values[s] ?? '');
  return n;
}

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
  const escaped =
    mode === 'html' ? Object.fromEntries(Object.entries(values).map(([k, v]) => [k, escapeHtml(v)])) : values;
  return fillAll(parseTemplate(template), escaped);
}
