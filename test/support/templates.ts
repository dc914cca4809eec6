import { readFileSync } from 'node:fs';
import { provideCompiledTemplates } from '../../functions/adapters/email-renderer';
import { compiledTemplatesSchema } from '../../functions/schemas/compiled-templates';

/**
 * Jest `setupFiles`: every test file gets the templates compiled once for the whole run by
 * global-setup.ts (as the build compiles them for the Lambda bundles), so no test file loads MJML
 * unless it renders the reference on purpose.
 */
const file = process.env.TEST_COMPILED_TEMPLATES;
if (!file) throw new Error('TEST_COMPILED_TEMPLATES is unset: run the tests through jest (global-setup.ts)');
provideCompiledTemplates(compiledTemplatesSchema.parse(JSON.parse(readFileSync(file, 'utf8'))));
