import { loadConfig } from '../../../src/platform/config';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 4000,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/recs',
      mongoUrl: 'mongodb://127.0.0.1:27017/recs',
      logLevel: 'info',
      migrateOnStart: true,
      redisUrl: undefined,
      corsOrigins: ['https://studio.apollographql.com'],
      introspection: true,
      landingPage: true,
      retrainCron: '0 2 * * *',
      retrainDays: 30,
      startupRetrainDays: 90,
      neighbours: 50,
      halfLifeDays: 14,
      productCacheTtlMs: 300_000,
      productCacheMax: 100_000,
      httpCacheMaxAgeSeconds: 60,
      promotionTolerance: 0.1,
      executor: 'jit',
      heapGrowingPercent: 50,
    });
  });

  it('takes GRAPHQL_EXECUTOR as jit or graphql-js, HEAP_GROWING_PERCENT from 0 to 300', () => {
    expect(loadConfig({ GRAPHQL_EXECUTOR: 'graphql-js' }).executor).toBe('graphql-js');
    expect(() => loadConfig({ GRAPHQL_EXECUTOR: 'fast' })).toThrow(/GRAPHQL_EXECUTOR/);
    expect(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    for (const bad of ['301', '-1', '1.5']) expect(() => loadConfig({ HEAP_GROWING_PERCENT: bad })).toThrow(/HEAP_GROWING_PERCENT: must be an integer from 0 to 300/);
  });

  it('takes PROMOTION_TOLERANCE as a fraction from 0 to 1', () => {
    expect(loadConfig({ PROMOTION_TOLERANCE: '0.25' }).promotionTolerance).toBe(0.25);
    expect(loadConfig({ PROMOTION_TOLERANCE: '0' }).promotionTolerance).toBe(0);
    for (const bad of ['1.5', '-0.1', 'ten percent', '']) {
      expect(() => loadConfig({ PROMOTION_TOLERANCE: bad })).toThrow(/PROMOTION_TOLERANCE: must be a number from 0 to 1/);
    }
  });

  const production = { NODE_ENV: 'production', ADMIN_API_KEY: 'rk_0123456789abcdef', JWT_SECRET: 'secret' };

  it('turns the Sandbox landing page and introspection off in production unless asked for', () => {
    expect(loadConfig(production)).toMatchObject({ landingPage: false, introspection: false });
    expect(loadConfig({ ...production, GRAPHQL_LANDING_PAGE: 'true', GRAPHQL_INTROSPECTION: 'true' })).toMatchObject({ landingPage: true, introspection: true });
  });

  it('refuses production without an admin key and a JWT configuration, naming both', () => {
    const message = /NODE_ENV=production needs ADMIN_API_KEY .* and a JWT configuration \(JWT_SECRET or JWT_JWKS_URL\)/;
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(message);
    expect(() => loadConfig({ ...production, ADMIN_API_KEY: '' })).toThrow(message);
    expect(() => loadConfig({ ...production, JWT_SECRET: '' })).toThrow(message);
    expect(loadConfig({ ...production, JWT_SECRET: '', JWT_JWKS_URL: 'https://login.example/jwks.json' }).jwt.jwksUrl).toBe('https://login.example/jwks.json');
    expect(() => loadConfig({ ...production, CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS: must list explicit origins in production/);
  });

  it('honours AUTH_DISABLED only in development, and wants a long ADMIN_API_KEY', () => {
    expect(loadConfig({ AUTH_DISABLED: 'true' }).authDisabled).toBe(true);
    expect(() => loadConfig({ NODE_ENV: 'test', AUTH_DISABLED: 'true' })).toThrow(/AUTH_DISABLED: only allowed with NODE_ENV=development/);
    expect(() => loadConfig({ ADMIN_API_KEY: 'short' })).toThrow(/ADMIN_API_KEY: must be at least 16 characters/);
  });

  it('splits CORS origins', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('reports every bad variable at once, by name', () => {
    let message = '';
    try {
      loadConfig({ PORT: '70000', RETRAIN_CRON: 'every night', RECS_NEIGHBOURS: '2.5', MIGRATE_ON_START: 'maybe' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/invalid configuration/);
    expect(message).toMatch(/PORT: must be an integer from 0 to 65535/);
    expect(message).toMatch(/RETRAIN_CRON: is not a cron expression/);
    expect(message).toMatch(/RECS_NEIGHBOURS: must be an integer from 1 to 1000/);
    expect(message).toMatch(/MIGRATE_ON_START/);
  });
});
