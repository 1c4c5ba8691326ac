import {
  notFound,
  Problems,
  Rejection,
  type RequestContext,
  recordAudit,
  reject,
  type SecretBox,
  type TenantSettings,
  type UserError,
  userError,
} from '@meridian/kit';
import { CommerceError } from '../commerce.errors.ts';
import type { PaymentProviders } from '../payments/provider.ts';
import type { StripeKeyCheck } from '../payments/stripe-provider.ts';

/**
 * The shop's own Stripe account, kept in the tenant's settings (`settings.stripe`). The secret key and the
 * webhook signing secret are sealed with the secret box and never leave commerce: the API shows only the
 * mode, the publishable key and the secret key's last four characters.
 */
export interface StoredStripeSettings {
  /** Sealed. */
  secretKey: string;
  /** Sealed, or null until the shop creates its webhook endpoint. */
  webhookSecret: string | null;
  publishableKey: string | null;
  secretKeyLast4: string;
  mode: StripeMode;
  /** ISO timestamp of the last change: with the tenant id, the version built providers are cached by. */
  updatedAt: string;
}

export type StripeMode = 'live' | 'test';

export interface StripePaymentSettings {
  /** The shop has its own Stripe account set. */
  configured: boolean;
  /** Whose account card payments go to: the shop's, the installation's fallback (STRIPE_* env), or none. */
  source: 'shop' | 'installation' | 'none';
  mode: StripeMode | null;
  publishableKey: string | null;
  secretKeyLast4: string | null;
  webhookConfigured: boolean;
  updatedAt: Date | null;
}

export interface UpdateStripeSettingsInput {
  secretKey?: string | null;
  publishableKey?: string | null;
  webhookSecret?: string | null;
  /** Removes the shop's settings: the installation's fallback applies again. */
  clear?: boolean | null;
}

// Stripe's documented key shapes: secret `sk_`, restricted `rk_`, publishable `pk_`, then the mode.
const secretKeyPattern = /^(?:sk|rk)_(live|test)_[A-Za-z0-9]{8,247}$/;
const publishableKeyPattern = /^pk_(live|test)_[A-Za-z0-9]{8,247}$/;
const webhookSecretPattern = /^whsec_[A-Za-z0-9+/=_-]{8,250}$/;

/** The stored settings, or null when unset or not in the shape this code writes (then the shop has none). */
export function storedStripeSettings(settings: TenantSettings | undefined): StoredStripeSettings | null {
  const value = settings?.stripe as Partial<StoredStripeSettings> | null | undefined;
  if (!value || typeof value !== 'object') return null;
  const { secretKey, webhookSecret, publishableKey, secretKeyLast4, mode, updatedAt } = value;
  if (typeof secretKey !== 'string' || typeof secretKeyLast4 !== 'string' || typeof updatedAt !== 'string') return null;
  if (mode !== 'live' && mode !== 'test') return null;
  return {
    secretKey,
    webhookSecret: typeof webhookSecret === 'string' ? webhookSecret : null,
    publishableKey: typeof publishableKey === 'string' ? publishableKey : null,
    secretKeyLast4,
    mode,
    updatedAt,
  };
}

/** What staff see: never a secret, not even sealed, and nothing about the installation's own account. */
export function stripePaymentSettings(
  settings: TenantSettings | undefined,
  installation: PaymentProviders,
): StripePaymentSettings {
  const stored = storedStripeSettings(settings);
  if (!stored) {
    return {
      configured: false,
      source: installation.stripe ? 'installation' : 'none',
      mode: null,
      publishableKey: null,
      secretKeyLast4: null,
      webhookConfigured: false,
      updatedAt: null,
    };
  }
  return {
    configured: true,
    source: 'shop',
    mode: stored.mode,
    publishableKey: stored.publishableKey,
    secretKeyLast4: stored.secretKeyLast4,
    webhookConfigured: stored.webhookSecret !== null,
    updatedAt: new Date(stored.updatedAt),
  };
}

/** The audit trail's view: what changed, never a secret (the kit would redact `secret…` names anyway). */
function auditSnapshot(settings: TenantSettings) {
  const stored = storedStripeSettings(settings);
  return stored
    ? {
        mode: stored.mode,
        publishableKey: stored.publishableKey,
        keyLast4: stored.secretKeyLast4,
        webhookConfigured: stored.webhookSecret !== null,
      }
    : null;
}

const modeOf = (pattern: RegExp, value: string) => pattern.exec(value)?.[1] as StripeMode | undefined;

/** Trimmed input values, checked for shape (field paths under `input`). */
function checkInput(problems: Problems, input: UpdateStripeSettingsInput) {
  const trimmed = (value: string | null | undefined) => (typeof value === 'string' ? value.trim() : undefined);
  const secretKey = trimmed(input.secretKey);
  const publishableKey = trimmed(input.publishableKey);
  const webhookSecret = trimmed(input.webhookSecret);
  if (input.clear) {
    if (secretKey !== undefined || publishableKey !== undefined || webhookSecret !== undefined)
      problems.add(['clear'], CommerceError.INVALID, 'Clear the settings, or set keys: not both');
    return {};
  }
  if (secretKey === undefined && publishableKey === undefined && webhookSecret === undefined)
    problems.add(['secretKey'], CommerceError.REQUIRED, 'Give at least one key to change');
  // Messages never repeat the value: it may be a real secret pasted into the wrong field.
  if (secretKey !== undefined && !secretKeyPattern.test(secretKey))
    problems.add(
      ['secretKey'],
      CommerceError.INVALID,
      'A Stripe secret key: sk_live_…, sk_test_…, rk_live_… or rk_test_…',
    );
  if (publishableKey !== undefined && !publishableKeyPattern.test(publishableKey))
    problems.add(['publishableKey'], CommerceError.INVALID, 'A Stripe publishable key: pk_live_… or pk_test_…');
  if (webhookSecret !== undefined && !webhookSecretPattern.test(webhookSecret))
    problems.add(['webhookSecret'], CommerceError.INVALID, 'A Stripe webhook signing secret: whsec_…');
  return { secretKey, publishableKey, webhookSecret };
}

/**
 * The new stored value from the current one and the checked input, decided under the row lock: a key
 * given alone is paired with the stored ones, and a live key never pairs with a test one.
 */
function nextStored(
  box: SecretBox,
  current: StoredStripeSettings | null,
  input: { secretKey?: string | undefined; publishableKey?: string | undefined; webhookSecret?: string | undefined },
): StoredStripeSettings {
  const problems = new Problems();
  if (!input.secretKey && !current)
    problems.add(['secretKey'], CommerceError.REQUIRED, 'The shop has no Stripe secret key yet: give one');
  const mode = input.secretKey ? modeOf(secretKeyPattern, input.secretKey) : current?.mode;
  const publishableKey = input.publishableKey ?? current?.publishableKey ?? null;
  const publishableMode = publishableKey ? modeOf(publishableKeyPattern, publishableKey) : undefined;
  if (mode && publishableMode && mode !== publishableMode)
    problems.add(
      [input.publishableKey ? 'publishableKey' : 'secretKey'],
      'MODE_MISMATCH',
      `A ${mode} secret key cannot be paired with a ${publishableMode} publishable key`,
    );
  if (!problems.ok || !mode) reject(problems);
  return {
    secretKey: input.secretKey ? box.seal(input.secretKey) : (current?.secretKey as string),
    webhookSecret: input.webhookSecret ? box.seal(input.webhookSecret) : (current?.webhookSecret ?? null),
    publishableKey,
    secretKeyLast4: input.secretKey ? input.secretKey.slice(-4) : (current?.secretKeyLast4 as string),
    mode,
    updatedAt: new Date().toISOString(),
  };
}

/** Why a new secret key is not saved, when Stripe refuses it or cannot be asked (null: Stripe accepts it). */
async function keyProblem(
  ctx: RequestContext,
  checkKey: (secretKey: string) => Promise<StripeKeyCheck>,
  secretKey: string,
): Promise<UserError | null> {
  const check = await checkKey(secretKey);
  if (check.answer === 'accepted') return null;
  if (check.answer === 'refused')
    return userError(
      ['input', 'secretKey'],
      CommerceError.KEY_REFUSED,
      'Stripe refused this secret key: it is mistyped, revoked or rolled. Copy it again from the Stripe dashboard',
    );
  if (check.answer === 'unreachable') {
    ctx.log.warn('Stripe could not be reached to check a new secret key');
    return userError(
      null,
      CommerceError.STRIPE_UNREACHABLE,
      'Stripe could not be reached to check the key; nothing was saved. Try again in a moment',
    );
  }
  ctx.log.warn({ stripe: check.error }, 'Stripe answered an error to the check of a new secret key');
  return userError(
    ['input', 'secretKey'],
    CommerceError.KEY_CHECK_FAILED,
    `Stripe could not check this key (${check.error.code ?? check.error.type}); nothing was saved`,
  );
}

/**
 * Sets (or clears) the shop's Stripe account in one control-plane write, audited in the tenant's trail in
 * the same transaction; a refusal writes nothing. A new secret key is first shown to Stripe (`checkKey`),
 * so a mistyped or revoked key is refused here rather than at the shop's next checkout. Checkout uses the
 * new keys from the next request.
 */
export async function updateStripeSettings(
  ctx: RequestContext,
  box: SecretBox,
  installation: PaymentProviders,
  input: UpdateStripeSettingsInput,
  checkKey: (secretKey: string) => Promise<StripeKeyCheck>,
): Promise<{ paymentSettings: { stripe: StripePaymentSettings } | null; userErrors: UserError[] }> {
  const tenant = ctx.tenant;
  if (!tenant) throw notFound('Tenant');
  const problems = new Problems();
  const checked = checkInput(problems, input);
  if (!problems.ok) return { paymentSettings: null, userErrors: problems.list };
  if (checked.secretKey) {
    // Asked before the write, never while the settings row is locked. Keys that contradict each other in
    // this very input are refused without asking Stripe; the stored keys are compared under the lock.
    try {
      nextStored(box, null, checked);
    } catch (error) {
      if (error instanceof Rejection) return { paymentSettings: null, userErrors: error.userErrors };
      throw error;
    }
    const refused = await keyProblem(ctx, checkKey, checked.secretKey);
    if (refused) return { paymentSettings: null, userErrors: [refused] };
  }
  try {
    const updated = await ctx.tenants.updateSettings(tenant.id, {
      patch: (current) => ({
        stripe: input.clear ? null : nextStored(box, storedStripeSettings(current), checked),
      }),
      inTenant: (tx, before, after) =>
        recordAudit(tx, ctx, {
          action: input.clear ? 'payment_settings.stripe.clear' : 'payment_settings.stripe.update',
          entityType: 'PaymentSettings',
          entityId: tenant.id,
          before: auditSnapshot(before),
          after: auditSnapshot(after),
        }),
    });
    if (!updated) throw notFound('Tenant');
    return { paymentSettings: { stripe: stripePaymentSettings(updated.settings, installation) }, userErrors: [] };
  } catch (error) {
    if (error instanceof Rejection) return { paymentSettings: null, userErrors: error.userErrors };
    throw error;
  }
}
