import { WEEKDAY_NAMES } from '../core/english-format';
import { timeZoneOptions } from '../core/time-zones';
import { html, type SafeHtml } from './html';

export { WEEKDAY_NAMES };

export type DeliveryField = 'timeZone' | 'deliveryHour' | 'weeklyDay';

/** What the form shows: the reader's choices, or what they typed when the form comes back with errors. */
export interface DeliveryValues {
  timeZone?: string;
  deliveryHour?: string | number;
  weeklyDay?: string | number;
}

const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

/**
 * The zone, hour and weekday pickers of the signup and preferences forms: plain selects, no JavaScript.
 * A value that is not in a list (a hand-made post that came back with an error) is kept as an option.
 */
export function deliveryFields(opts: {
  values: DeliveryValues;
  defaults: { timeZone: string; deliveryHour: number; weeklyDay: number };
  errors?: Partial<Record<DeliveryField, string>>;
}): SafeHtml {
  const errors = opts.errors ?? {};
  const zone = String(opts.values.timeZone ?? opts.defaults.timeZone);
  const hour = String(opts.values.deliveryHour ?? opts.defaults.deliveryHour);
  const weekday = String(opts.values.weeklyDay ?? opts.defaults.weeklyDay);
  const zones = timeZoneOptions();
  const known = zones.some((z) => z.name === zone);
  const error = (f: DeliveryField) =>
    errors[f] ? html`<span class="field-error" id="${f}-error">${errors[f]}</span>` : '';
  const invalid = (f: DeliveryField) =>
    errors[f] ? html` aria-invalid="true" aria-describedby="${f}-error"` : '';
  const option = (value: string, label: string, selected: boolean) =>
    html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  return html`<fieldset>
<legend>When</legend>
<div class="field">
<label for="timeZone">Your time zone</label>
${error('timeZone')}
<select id="timeZone" name="timeZone" autocomplete="off"${invalid('timeZone')}>
${known ? '' : option(zone, `${zone} (not a known time zone)`, true)}
${zones.map((z) => option(z.name, z.label, z.name === zone))}
</select>
</div>
<div class="field">
<label for="deliveryHour">Delivery hour, your local time</label>
${error('deliveryHour')}
<select id="deliveryHour" name="deliveryHour"${invalid('deliveryHour')}>
${/^\d+$/.test(hour) && Number(hour) < 24 ? '' : option(hour, `${hour} (not an hour)`, true)}
${Array.from({ length: 24 }, (_, h) => option(String(h), hourLabel(h), String(h) === hour))}
</select>
</div>
<div class="field">
<label for="weeklyDay">Weekly digest day <span class="muted">(weekly only)</span></label>
${error('weeklyDay')}
<select id="weeklyDay" name="weeklyDay"${invalid('weeklyDay')}>
${/^[0-6]$/.test(weekday) ? '' : option(weekday, `${weekday} (not a weekday)`, true)}
${WEEKDAY_NAMES.map((name, d) => option(String(d), name, String(d) === weekday))}
</select>
</div>
</fieldset>`;
}
