// Lint (`npm run lint`, run by the test command after the typecheck; any warning fails it).
// TypeScript is linted with type information from tsconfig.json, which covers src/, test/ and bench/,
// and from console/tsconfig.json for the operator console (a browser build of its own).
// There is no suppressions baseline: the whole tree is clean and stays so.
import eslint from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'dist-bench/', 'coverage/', 'test/generated/', '.data/', 'console/dist/', 'console/src/generated/', 'test-output/']),
  {
    // A disable comment that suppresses nothing is an error, so none outlives its reason.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.{ts,mts}'],
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Already errors in recommendedTypeChecked; named here because they are why the lint is type-aware.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // The decorator-metadata rule: imports used only as decorated types stay value imports
      // (typescript-eslint reads emitDecoratorMetadata from tsconfig.json and allows them).
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // @types/jest types every asymmetric matcher (expect.closeTo, expect.any, ...) as `any`, so putting one
    // in an expected object is an "unsafe assignment". The other no-unsafe-* rules stay on: an untyped
    // row (JSON.parse, a raw query) in a test still fails as soon as it is read, called or returned.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // MikroORM runs em.transactional(), em.flush() and em.findAndCount() inside an AsyncLocalStorage, and on
    // Node 20 the first one turns on promise hooks for the whole process (every await ~3x dearer): the
    // service writes through platform/db/transaction.ts instead (bench/README.md, "The write that slowed
    // every read"). The group commit's own `options.flush` is not MikroORM's.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression > MemberExpression.callee[property.name=/^(flush|persistAndFlush|transactional|findAndCount|findByCursor)$/]:not([object.property.name='options']):not([object.name='options'])",
          message: 'runs an AsyncLocalStorage in MikroORM: use inTransaction (platform/db/transaction.ts) and insert/upsert/nativeUpdate',
        },
      ],
    },
  },
  {
    // MikroORM generates migrations with `async up()/down()` that only queue SQL through addSql(); the
    // Migration API declares them async, so require-await has nothing to fix there.
    files: ['src/platform/db/migrations/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    files: ['**/*.{js,cjs}'],
    extends: [eslint.configs.recommended],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    // Node scripts. `globals` is only a transitive dependency of ESLint, so the few globals they use are named here.
    files: ['scripts/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', fetch: 'readonly' } },
  },
  {
    files: ['**/*.mjs'],
    extends: [eslint.configs.recommended],
  },
);
