// Jest in CommonJS mode; @swc/jest compiles TypeScript and the ESM-only packages (NestJS 12 and a few
// of its dependencies), which jest cannot `require` on Node 20. swc does not type-check: `npm run typecheck` does.
const esmOnly = [
  '@nestjs',
  'content-disposition',
  'cookie',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer/inflate',
  'uint8array-extras',
  '@borewit/text-codec',
  'jose',
];

const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test', '<rootDir>/packages/oidc-provider-adapter/test'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', swc] },
  // Nested copies inside other packages' node_modules are exempted too.
  transformIgnorePatterns: [`node_modules/(?!(${esmOnly.join('|')})/)(?!.*node_modules/(${esmOnly.join('|')})/)`],
  moduleNameMapper: {
    '^@app/(core|setups|clients|audit|versioning|resource-servers|change-sets)$': '<rootDir>/libs/$1/src',
  },
  testTimeout: 30000,
};
