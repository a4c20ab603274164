// The architecture as rules (README, "Architecture"): `npm run depcruise` checks src/ against them, and
// the test command runs that before Jest. Paths are relative to the repository root.
//
//   src/app          wiring: builds the schema, the context and the server from everything below
//   src/cli          command-line entry points
//   src/features/*   one folder per feature, each with an index.ts as its public surface
//   src/platform     shared infrastructure (config, logging, errors, db, events, limits)
//   src/recommender  the pure recommender core
//   src/synthetic    the synthetic data generator

/** Lower features may not import higher ones. */
const FEATURE_ORDER = ['auth', 'catalog', 'telemetry', 'training', 'model-lifecycle', 'recommendations'];

const featureOrderRules = FEATURE_ORDER.slice(0, -1).map((feature, i) => ({
  name: `feature-order-${feature}`,
  comment:
    `Features depend in one direction only (${FEATURE_ORDER.join(' < ')}): ${feature} may not import ` +
    `${FEATURE_ORDER.slice(i + 1).join(', ')}. Otherwise features grow cycles and cannot be understood ` +
    'or tested from the bottom up.',
  severity: 'error',
  from: { path: `^src/features/${feature}/` },
  to: { path: `^src/features/(${FEATURE_ORDER.slice(i + 1).join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'No import cycles: a cycle makes module load order decide what is undefined at run time, and ' +
        'ties the modules on it into one unit that can only change together.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'recommender-is-pure',
      comment:
        'The recommender core is pure (no I/O, no GraphQL, no ORM) so that it trains in worker threads, ' +
        'runs in the evaluate CLI and the benchmarks, and is tested without servers: it imports nothing ' +
        'of the project outside src/recommender (node builtins and npm packages are fine).',
      severity: 'error',
      from: { path: '^src/recommender/' },
      to: { path: '^', pathNot: ['^src/recommender/', '^node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'synthetic-only-recommender',
      comment:
        'The synthetic data generator builds datasets for the CLI, the tests and the benchmarks from ' +
        'the core types alone: it imports only itself and src/recommender, never the service.',
      severity: 'error',
      from: { path: '^src/synthetic/' },
      to: { path: '^', pathNot: ['^src/(synthetic|recommender)/', '^node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'platform-no-features',
      comment:
        'platform is shared infrastructure every feature builds on; importing a feature (or app, which ' +
        'imports all of them) would make it depend on what depends on it. Whatever platform needs from ' +
        'features (the entity list) is passed in by app.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/(features|app)/' },
    },
    {
      name: 'features-not-app',
      comment:
        'app wires every feature together, so a feature that imports app imports every other feature ' +
        '(the old cycle through context.ts). Each feature declares the context slice it needs instead.',
      severity: 'error',
      from: { path: '^src/features/' },
      to: { path: '^src/app/' },
    },
    ...featureOrderRules,
    {
      name: 'feature-only-through-index',
      comment:
        "Another feature sees a feature only through its index.ts, its public surface, so that a " +
        "feature's internals can change without touching its users.",
      severity: 'error',
      from: { path: '^src/features/([^/]+)/' },
      to: { path: '^src/features/[^/]+/.', pathNot: ['^src/features/$1/', '^src/features/[^/]+/index\\.ts$'] },
    },
    {
      name: 'app-cli-feature-only-through-index',
      comment:
        "app and the CLIs see a feature only through its index.ts, its public surface, so that a " +
        "feature's internals can change without touching its users.",
      severity: 'error',
      from: { path: '^src/(app|cli)/' },
      to: { path: '^src/features/[^/]+/.', pathNot: '^src/features/[^/]+/index\\.ts$' },
    },
    {
      name: 'nothing-imports-cli',
      comment: 'The CLIs are entry points: importing one would run it (or drag its argument parsing along).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'cli-not-other-cli-internals',
      comment:
        "A CLI's helpers (src/cli/<name>/) belong to that CLI (src/cli/<name>.ts); another CLI that " +
        'needs them should get them moved to where they are shared.',
      severity: 'error',
      from: { path: '^src/cli/([^/.]+)' },
      to: { path: '^src/cli/[^/]+/', pathNot: '^src/cli/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type import still couples the modules (and was how the old cycles ran).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
