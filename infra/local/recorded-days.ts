import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * One recorded week of Hugging Face Daily Papers (2025-04-21 … 2025-04-27), so a clone with no network
 * can ingest real papers and send itself a real digest (`npm run ingest -- --recorded`). Each file is
 * the API's answer for that day, byte for byte (`../shared/fixtures/hf-daily-papers-archive/`, recorded
 * by yanivsun/PushPaper), gzipped; the recorder wrote `1` for a day the API listed nothing (weekends).
 */
const DIR = path.join(__dirname, 'recorded-days');

export function recordedDays(): Record<string, unknown[]> {
  const days: Record<string, unknown[]> = {};
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json.gz'))) {
    const parsed: unknown = JSON.parse(gunzipSync(readFileSync(path.join(DIR, file))).toString('utf8'));
    days[file.slice(0, 10)] = Array.isArray(parsed) ? parsed : [];
  }
  return days;
}
