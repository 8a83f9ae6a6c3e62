// Started by run-tests.mjs: migrates one template database for the run from this checkout's migrations, prints it
// as one line of JSON, and keeps it until its standard input closes (the run ended, or the runner died) or it is
// interrupted; then removes it. Test files copy it instead of migrating (test/database.ts).
import { createTemplateDatabase, removeTemplateDatabase } from '../test/database.ts';

const template = await createTemplateDatabase();
let isRemoving = false;
const remove = () => {
  if (isRemoving) return;
  isRemoving = true;
  removeTemplateDatabase(template).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('Could not remove the template database:', error);
      process.exit(1);
    },
  );
};
process.stdin.on('end', remove);
process.stdin.on('close', remove);
process.on('SIGINT', remove);
process.on('SIGTERM', remove);
process.stdin.resume();
process.stdout.write(`${JSON.stringify(template)}\n`);
