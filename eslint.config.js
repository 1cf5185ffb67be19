import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'bench/results/', '**/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Item tables are metadata-driven; `any` is confined to the query layer and migrations.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // The item types come from the catalogue (ctx.catalog: every field, and the caller's view), never from the static
    // standard types, which know no custom field, no column nullability and nobody's roles.
    files: ['apps/server/src/**/*.ts', 'bench/**/*.ts'],
    ignores: ['apps/server/src/modules/catalog/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@vinculo/shared',
              importNames: ['itemTypes', 'itemTypeList', 'findItemType'],
              message: 'Read item types from the catalogue: ctx.catalog.full / ctx.catalog.visible (modules/catalog/catalog.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // The web app runs in the browser; hooks follow React's rules.
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
