import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The lib order (README, Architecture): each lib may import only the libs before it, through their
 * index (`@app/<lib>`), never an app, and no HTTP types. `allowed` lists the libs a lib may use.
 */
const LIBS = {
  core: [],
  versioning: ['core'],
  setups: ['core', 'versioning'],
  'resource-servers': ['core', 'versioning', 'setups'],
  clients: ['core', 'versioning', 'setups', 'resource-servers'],
  'change-sets': ['core', 'versioning', 'setups', 'resource-servers', 'clients'],
  audit: ['core'],
};
const libBoundaries = Object.entries(LIBS).map(([lib, allowed]) => ({
  files: [`libs/${lib}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [
          ...Object.keys(LIBS)
            .filter((other) => other !== lib && !allowed.includes(other))
            .map((other) => ({
              name: `@app/${other}`,
              message: `libs/${lib} comes before libs/${other} in the lib order (README, Architecture): ask through an event or move the code.`,
            })),
          {
            name: '@nestjs/common',
            importNames: ['HttpException', 'HttpStatus'],
            message: 'Libraries raise DomainError; the app maps it to HTTP.',
          },
          { name: '@nestjs/swagger', message: 'OpenAPI belongs to apps/api.' },
          { name: '@nestjs/platform-fastify', message: 'HTTP belongs to apps/api.' },
          { name: 'fastify', message: 'HTTP belongs to apps/api.' },
        ],
        patterns: [
          { regex: '^@app/[^/]+/', message: 'Import another lib through its index (@app/<lib>) only.' },
          { regex: '^(\\.\\./)+(apps|libs)/', message: 'Libraries never import apps, nor other libs by path.' },
          { regex: '^(\\.\\./)+[a-z-]+/src(/|$)', message: 'Import another lib through its index (@app/<lib>) only.' },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', '**/node_modules/**', 'data/**', 'test/typed-client/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  ...libBoundaries,
  {
    files: ['apps/api/src/main.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: Object.fromEntries(
        [
          'require',
          'module',
          'process',
          'console',
          '__dirname',
          '__filename',
          'Buffer',
          'URL',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'setImmediate',
          'fetch',
          'AbortSignal',
        ].map((g) => [g, 'readonly']),
      ),
    },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
);
