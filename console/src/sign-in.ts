import { Api } from './api';
import { SignInDocument } from './generated/graphql';
import type { Role } from './pages/page';

export type SignInResult = { role: Role } | { refused: string };

/**
 * Checks a key with one request: interactionRates needs a service or admin key, retrainJobs an admin
 * one, so the errors' paths tell the role apart (or that the key is no good for the console).
 */
export async function checkKey(key: string): Promise<SignInResult> {
  let refusedBy = '';
  const api = new Api(key, (reason) => (refusedBy = reason));
  let errors;
  try {
    ({ errors } = await api.send(SignInDocument));
  } catch (e) {
    return { refused: (e as Error).message };
  }
  if (refusedBy) return { refused: `This key was not accepted (${refusedBy}). Check it and try again.` };
  const forbidden = (field: string) => errors?.some((e) => e.path?.[0] === field && e.extensions?.code === 'FORBIDDEN');
  if (forbidden('interactionRates')) return { refused: 'This key cannot open the console: it needs the admin or service role.' };
  const other = errors?.find((e) => e.extensions?.code !== 'FORBIDDEN');
  if (other) return { refused: `The service refused the sign-in: ${other.message}` };
  return { role: forbidden('retrainJobs') ? 'service' : 'admin' };
}
