import type { ClientBase } from 'pg';
import { query } from '../../../src/platform/sql';

describe('query: one statement text for an EntityManager and a plain pg connection', () => {
  it('numbers the ? placeholders for pg', async () => {
    const seen: Array<{ text: string; values: unknown[] }> = [];
    const pg = {
      query: (text: string, values: unknown[]) => {
        seen.push({ text, values });
        return Promise.resolve({ rows: [{ n: 1 }] });
      },
    };
    const rows = await query<{ n: number }>(pg as unknown as ClientBase, 'select ? as a, ?::jsonb as b where x = ?', [1, '{}', 'y']);
    expect(rows).toEqual([{ n: 1 }]);
    expect(seen).toEqual([{ text: 'select $1 as a, $2::jsonb as b where x = $3', values: [1, '{}', 'y'] }]);
  });
});
