// @ts-check
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import neverthrowPlugin from '@bufferings/eslint-plugin-neverthrow';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['**/dist/**', '**/node_modules/**', 'docs/api/**', 'coverage/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  neverthrowPlugin.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // drkit's whole point: nothing in packages/*/src reads wall time directly.
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Read time from the context clock (ctx.clock.now()).' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Sleep with the context clock (ctx.clock.sleep()).' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      // DrError is a plain tagged object by design (see errors/DrError.ts), not an Error subclass.
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  {
    // Tests, benchmarks, examples and the simulator's own clock plumbing may use real time.
    files: [
      '**/tests/**',
      '**/bench/**',
      'examples/**',
      'packages/testing/src/**',
      'packages/core/src/time/Clock.ts',
      '*.config.ts',
      '**/*.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off', 'no-restricted-globals': 'off' },
  },
  {
    files: ['**/tests/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Tests inspect Results with isErr()/_unsafeUnwrap(); they are not unused.
      'neverthrow/must-use-result': 'off',
    },
  },
);
