import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBus } from '../../src/platform/events/pubsub';
import { createSchema } from '../../src/app/schema';
import { printSchemaFile } from '../../src/app/schema-file';

it('the committed schema.graphql matches the schema built from the resolvers (run `npm run print-schema`)', async () => {
  const built = printSchemaFile(await createSchema(new EventBus()));
  expect(readFileSync(join(__dirname, '../../schema.graphql'), 'utf8')).toBe(built);
});
