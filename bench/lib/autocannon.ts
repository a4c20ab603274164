import autocannon from 'autocannon';
import { authHeader } from './auth';

export type { Options as AutocannonOptions, Request as AutocannonRequest, Result as AutocannonResult } from 'autocannon';

/** Every request carries the admin key of launched APIs unless its headers name another authorization. */
export function runAutocannon(opts: autocannon.Options): Promise<autocannon.Result> {
  const requests = opts.requests?.map((r) => ({ ...r, headers: { ...authHeader(), ...r.headers } }));
  return new Promise((resolve, reject) => {
    autocannon({ ...opts, headers: { ...authHeader(), ...opts.headers }, requests }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}
