import * as z from 'zod';

/**
 * A calendar day as `YYYY-MM-DD` (a real month and day, leap years included; zod's ISO date, which the
 * OpenAPI document shows as `format: date`). The one day validator: schemas, core, routes and CLIs use it.
 */
export const daySchema = z.iso.date({ error: 'expected a day as YYYY-MM-DD' });

export const isDay = (s: string): boolean => daySchema.safeParse(s).success;
