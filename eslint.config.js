// @ts-check
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Code that runs in the browser must not pull in the server or a target's client library:
// it reaches the backend only through /api (type-only imports across the line are fine).
const browserBoundary = {
  patterns: [
    {
      // Except the step templates, output filters and pattern engine of server/steps/: pure (RE2
      // in plain JavaScript), they run the same in the browser and the server.
      group: [
        '**/server/**',
        '!**/server/steps/',
        '**/server/steps/*',
        '!**/server/steps/step-template.ts',
        '!**/server/steps/patterns.ts',
        '!**/server/steps/linear-regexp.ts',
        '!**/server/steps/commands/',
        '**/server/steps/commands/*',
        '!**/server/steps/commands/filters.ts',
        'mongodb',
        '@kubernetes/client-node',
        '@temporalio/*',
        'node:*',
        'pino',
      ],
      allowTypeImports: true,
      message: 'Browser code talks to the backend through /api only (type imports are fine).',
    },
  ],
};

// The backend stands on its own: the site (src/) builds on server/, never the other way round,
// so what runs a step (templates, the CLI-line parser, the declared-steps gate) lives in
// server/steps/.
const serverBoundary = {
  patterns: [
    {
      group: ['**/src/**', 'astro', 'astro/*', '@astrojs/*'],
      message: 'server/ never imports the site (src/): shared step code lives in server/steps/.',
    },
  ],
};

export default defineConfig(
  { ignores: ['dist/', '.astro/', 'node_modules/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    files: ['src/components/**/client/**/*.ts', 'src/**/*.astro/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { '@typescript-eslint/no-restricted-imports': ['error', browserBoundary] },
  },
  {
    files: ['server/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', serverBoundary] },
  },
  {
    files: ['server/**/*.ts', 'src/**/*.ts'],
    ignores: ['server/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Only server/config.ts reads the environment.',
        },
      ],
    },
  },
);
