import { env, loadKeyPair, signAccessToken } from '@meridian/kit';

/** A platform operator token for the local installation, until operators sign in (identity issue). */
export async function tokenCommand(options: { operator: boolean }): Promise<number> {
  if (!options.operator) throw new Error('usage: meridian token --operator');
  const config = env();
  const keys = await loadKeyPair(config, 'access', config.ACCESS_PRIVATE_KEY, config.ACCESS_PUBLIC_KEY);
  const token = await signAccessToken(
    keys,
    { tenantId: null, actor: { kind: 'user', userId: 'operator', permissions: ['platform:tenants'] } },
    { expiresIn: '1h' },
  );
  process.stdout.write(`${token}\n`);
  return 0;
}
