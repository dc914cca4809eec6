import { App } from 'aws-cdk-lib';
import { ContextError } from './context';
import { addPapersInbox } from './papers-inbox-app';

/** The CDK app (`cdk.json` runs it): `npx cdk synth|deploy -c senderAddress=… -c domain=… …`. */
const app = new App();
try {
  addPapersInbox(app);
} catch (err) {
  if (!(err instanceof ContextError)) throw err;
  console.error(err.message);
  process.exit(1);
}
app.synth();
