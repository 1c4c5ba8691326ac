import { createSigningKeyStore, ensureControlPlane, loadSecretBox, signAccessTokenWith } from '@meridian/kit';
import { openRuntime } from './runtime.ts';

/**
 * A platform operator token for the installation, signed with the platform's active signing key (the
 * same keys the gateway verifies with and publishes as JWKS). Operators have no sign-in of their own yet.
 */
export async function tokenCommand(options: { operator: boolean }): Promise<number> {
  if (!options.operator) throw new Error('usage: meridian token --operator');
  const { env, opened } = await openRuntime({ quiet: true });
  try {
    await ensureControlPlane(opened.database);
    const signingKeys = createSigningKeyStore(opened.database, await loadSecretBox(env));
    const token = await signAccessTokenWith(
      signingKeys,
      { tenantId: null, actor: { kind: 'user', userId: 'operator', permissions: ['platform:tenants'] } },
      { expiresIn: '1h' },
    );
    process.stdout.write(`${token}\n`);
    return 0;
  } finally {
    await opened.close();
  }
}
