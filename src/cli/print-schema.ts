import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBus } from '../platform/events/pubsub';
import { createSchema } from '../app/schema';
import { printSchemaFile } from '../app/schema-file';

// Writes schema.graphql at the repository root from the code-first schema.
createSchema(new EventBus())
  .then((schema) => {
    const file = join(__dirname, '../../../schema.graphql');
    writeFileSync(file, printSchemaFile(schema));
    console.log(`wrote ${file}`);
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
