import {
  allow,
  and,
  can,
  hasTenant,
  isAuthenticated,
  isPlatformOperator,
  or,
  type RuleMap,
  rule,
  unauthenticated,
} from '@meridian/kit';

/** A signed-in person (not an anonymous caller, not an API client). */
const isUser = rule('isUser', (_p, _a, ctx) => ctx.actor.kind === 'user' && Boolean(ctx.actor.userId), {
  perRequest: true,
});

/** The object is the caller's own user record. */
const isSelf = rule(
  'isSelf',
  (parent, _a, ctx) => ctx.actor.kind === 'user' && (parent as { id?: unknown }).id === ctx.actor.userId,
);

/** A signed-in person; an anonymous caller is asked to sign in (UNAUTHENTICATED) rather than refused. */
const signedInUser = rule(
  'signedInUser',
  (_p, _a, ctx) => {
    if (ctx.actor.kind === 'anonymous') throw unauthenticated();
    return ctx.actor.kind === 'user' && Boolean(ctx.actor.userId);
  },
  { perRequest: true },
);

const inTenant = (...rules: Parameters<typeof and>) => and(hasTenant, ...rules);
const self = inTenant(isUser);
const anyoneOnTenantHost = hasTenant;

/**
 * Deny by default: every field reachable here is listed. Root fields carry the permission; the models
 * narrow further (a customer's `user(id)` finds only themselves, grants never exceed the granter's).
 */
export const identityPermissions: RuleMap = {
  Query: {
    currentTenant: hasTenant,
    tenants: isPlatformOperator,
    tenant: isPlatformOperator,
    me: allow,
    users: inTenant(can('users:read')),
    user: inTenant(or(can('users:read'), isUser)),
    roles: inTenant(or(can('roles:read'), can('users:write'))),
    role: inTenant(or(can('roles:read'), can('users:write'))),
    permissionRegistry: isAuthenticated,
    sessions: self,
    securityPolicy: inTenant(can('settings:read')),
    apiClients: inTenant(can('api-clients:read')),
    apiClient: inTenant(can('api-clients:read')),
    auditLog: inTenant(can('audit:read')),
    verifyAuditChain: inTenant(can('audit:read')),
    myAddresses: inTenant(signedInUser),
  },
  Mutation: {
    createTenant: isPlatformOperator,
    suspendTenant: isPlatformOperator,
    resumeTenant: isPlatformOperator,
    reencryptMfaSecrets: isPlatformOperator,
    rotateSigningKey: isPlatformOperator,

    signIn: anyoneOnTenantHost,
    refreshSession: anyoneOnTenantHost,
    requestPasswordReset: anyoneOnTenantHost,
    resetPassword: anyoneOnTenantHost,
    acceptInvitation: anyoneOnTenantHost,
    signUpCustomer: anyoneOnTenantHost,
    issueClientToken: anyoneOnTenantHost,

    signOut: self,
    revokeSession: self,
    changePassword: self,
    updateMyProfile: self,
    updateMySettings: self,
    startMfaEnrolment: self,
    confirmMfaEnrolment: self,
    disableMfa: self,
    regenerateRecoveryCodes: self,

    inviteUser: inTenant(can('users:write')),
    resendInvitation: inTenant(can('users:write')),
    updateUser: inTenant(can('users:write')),
    deactivateUser: inTenant(can('users:write')),
    reactivateUser: inTenant(can('users:write')),
    setUserRoles: inTenant(can('users:write')),
    setCustomerGroup: inTenant(can('users:write')),
    resetUserMfa: inTenant(can('users:write')),

    createRole: inTenant(can('roles:write')),
    updateRole: inTenant(can('roles:write')),
    deleteRole: inTenant(can('roles:write')),

    updateSecurityPolicy: inTenant(can('settings:write')),
    updateStorefrontSettings: inTenant(can('settings:write')),

    addMyAddress: inTenant(signedInUser),
    updateMyAddress: inTenant(signedInUser),
    deleteMyAddress: inTenant(signedInUser),
    setDefaultAddress: inTenant(signedInUser),

    createApiClient: inTenant(can('api-clients:write')),
    updateApiClient: inTenant(can('api-clients:write')),
    rotateApiClientSecret: inTenant(can('api-clients:write')),
    revokeApiClient: inTenant(can('api-clients:write')),
  },

  Tenant: isPlatformOperator,
  ModuleVersion: isPlatformOperator,
  TenantConnection: isPlatformOperator,
  TenantEdge: isPlatformOperator,
  TenantProfile: allow,
  // Public with the tenant: what the storefront needs to render, nothing secret.
  StorefrontSettings: allow,
  StoreTheme: allow,

  // Reachable through `_entities` too, so the type itself is guarded: staff with user rights, or yourself.
  User: or(can('users:read'), can('users:write'), isSelf),
  Role: isAuthenticated,
  Session: isUser,
  MfaEnrolment: isUser,
  SecurityPolicy: or(can('settings:read'), can('settings:write')),
  ApiClient: or(can('api-clients:read'), can('api-clients:write')),
  AuditEntry: can('audit:read'),
  AuditChainVerification: can('audit:read'),
  // Only reachable through the caller's own address fields above.
  CustomerAddress: isUser,

  // Containers: only reachable through the guarded fields above.
  UserSettings: allow,
  UserConnection: allow,
  UserEdge: allow,
  RoleConnection: allow,
  RoleEdge: allow,
  PermissionGroup: allow,
  SessionConnection: allow,
  SessionEdge: allow,
  ApiClientConnection: allow,
  ApiClientEdge: allow,
  AuditEntryConnection: allow,
  AuditEntryEdge: allow,
  AuthTokens: allow,
  ClientToken: allow,
  PageInfo: allow,
  UserError: allow,

  // Payloads: the mutation's own rule decided; what they carry is guarded by its type.
  AuthPayload: allow,
  CreateTenantPayload: allow,
  SetTenantStatusPayload: allow,
  UserPayload: allow,
  RolePayload: allow,
  DeleteRolePayload: allow,
  SignOutPayload: allow,
  RevokeSessionPayload: allow,
  ChangePasswordPayload: allow,
  RequestPasswordResetPayload: allow,
  ResetPasswordPayload: allow,
  StartMfaEnrolmentPayload: allow,
  ConfirmMfaEnrolmentPayload: allow,
  RecoveryCodesPayload: allow,
  SecurityPolicyPayload: allow,
  ReencryptMfaSecretsPayload: allow,
  RotateSigningKeyPayload: allow,
  ApiClientSecretPayload: allow,
  ApiClientPayload: allow,
  IssueClientTokenPayload: allow,
  StorefrontSettingsPayload: allow,
  CustomerAddressPayload: allow,
  DeleteCustomerAddressPayload: allow,
};
