import { ApiProcess } from '../support/api-process';
import { TEST_ADMIN_KEY, TEST_JWT_SECRET } from './harness';

export type { ApiProcess };

/** The built service as its own process with the test servers' settings and keys (env applied last). */
export function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  return ApiProcess.start({ env: { NODE_ENV: 'test', ADMIN_API_KEY: TEST_ADMIN_KEY, JWT_SECRET: TEST_JWT_SECRET, ...env } });
}
