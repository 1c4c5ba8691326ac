#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { migrateCommand } from './migrate.command.ts';
import { startCommand } from './start.command.ts';
import { tenantsCommand } from './tenants.command.ts';
import { tokenCommand } from './token.command.ts';

const usage = `meridian — run and operate a Meridian installation

  meridian start                         database, migrations, demo tenant, every subgraph and the gateway
  meridian migrate                       apply pending migrations to every tenant (resumable)
  meridian tenants list                  list tenants
  meridian tenants create <slug> [--name "Acme Inc"] [--host acme.example.com ...]
  meridian tenants suspend <slug>        stop serving a tenant (data kept)
  meridian tenants resume <slug>         serve a suspended tenant again
  meridian token --operator              print a platform operator access token (1 hour)
`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      host: { type: 'string', multiple: true },
      operator: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(usage);
    return command || values.help ? 0 : 1;
  }
  switch (command) {
    case 'start':
      return startCommand();
    case 'migrate':
      return migrateCommand();
    case 'tenants':
      return tenantsCommand(rest, { name: values.name, hosts: values.host ?? [] });
    case 'token':
      return tokenCommand({ operator: values.operator ?? false });
    default:
      process.stderr.write(`Unknown command: ${command}\n\n${usage}`);
      return 1;
  }
}

main().then(
  (code) => {
    if (code !== -1) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
