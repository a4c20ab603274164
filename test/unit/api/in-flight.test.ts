import { InFlight } from '../../../src/app/http/in-flight';

describe('InFlight', () => {
  it('settles at once when nothing runs, and when the last tracked work ends (resolved or rejected)', async () => {
    const inFlight = new InFlight();
    expect(await inFlight.settled(1000)).toBe(0);
    let finish!: () => void;
    const ok = inFlight.track(() => new Promise<string>((r) => (finish = () => r('done'))));
    const failing = inFlight.track(() => Promise.reject(new Error('boom')));
    await expect(failing).rejects.toThrow('boom');
    const settled = inFlight.settled(10_000);
    finish();
    expect(await ok).toBe('done');
    expect(await settled).toBe(0);
  });

  it('gives up after the timeout and says how many still run', async () => {
    const inFlight = new InFlight();
    void inFlight.track(() => new Promise(() => undefined));
    void inFlight.track(() => new Promise(() => undefined));
    expect(await inFlight.settled(20)).toBe(2);
  });
});
