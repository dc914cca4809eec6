import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTemplates } from '../../functions/adapters/template-compiler';
import { type Emulator, freePort, startDynamoDb, startSes, startSqs } from '../../infra/local/emulators';

/**
 * Starts the real emulators once for the whole run, on free ports (a running `npm start` is left alone),
 * and hands their endpoints to the test workers through the environment.
 */
export default async function globalSetup() {
  const [dynamoPort, sesPort, sqsPort] = [await freePort(), await freePort(), await freePort()];
  const emulators: Emulator[] = await Promise.all([
    startDynamoDb(dynamoPort),
    startSes(sesPort),
    startSqs(sqsPort),
  ]);
  (globalThis as { __emulators?: Emulator[] }).__emulators = emulators;
  process.env.DYNAMODB_ENDPOINT = `http://127.0.0.1:${dynamoPort}`;
  process.env.SES_ENDPOINT = `http://127.0.0.1:${sesPort}`;
  // The emulator itself: each test app puts its own SES event stand-in in front of it (test/support/app.ts).
  process.env.SES_EMULATOR_ENDPOINT = `http://127.0.0.1:${sesPort}`;
  process.env.SQS_ENDPOINT = `http://127.0.0.1:${sqsPort}`;
  process.env.AWS_REGION = 'us-east-1';
  process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'papers-inbox-test-'));
  // The email templates, compiled once for the run (test/support/templates.ts hands them to each file).
  process.env.TEST_COMPILED_TEMPLATES = path.join(process.env.DATA_DIR, 'compiled-templates.json');
  writeFileSync(process.env.TEST_COMPILED_TEMPLATES, JSON.stringify(await compileTemplates()));
}
