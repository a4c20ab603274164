import { createSchema } from '../../../src/app/schema';
import { uncoveredOperations } from '../../../src/features/auth/auth-checker';
import { RULES, rulesMarkdown } from '../../../src/features/auth/rules';
import { EventBus } from '../../../src/platform/events/pubsub';
import type { GraphQLObjectType } from 'graphql';

describe('the access rule table', () => {
  it('covers every Query, Mutation and Subscription field with a rule and @Authorized(), and names no missing field', async () => {
    const events = new EventBus(undefined);
    const schema = await createSchema(events);
    expect(uncoveredOperations(schema)).toEqual([]);
    for (const name of Object.keys(RULES)) {
      const [type, field] = name.split('.');
      expect([name, (schema.getType(type) as GraphQLObjectType | undefined)?.getFields()[field] !== undefined]).toEqual([name, true]);
    }
    await events.close();
  });

  it('renders as a Markdown table with one row per rule', () => {
    const lines = rulesMarkdown().split('\n');
    expect(lines[0]).toBe('| operation | admin | service | shopper | anonymous |');
    expect(lines).toHaveLength(Object.keys(RULES).length + 2);
    expect(lines).toContain('| `Mutation.trackInteraction` | yes | yes | own only | anonymous session only |');
    expect(lines).toContain('| `Mutation.upsertProducts` | yes | no | no | no |');
  });
});
