import { notFound, type Resolvers, referenceResolver, toConnection } from '@meridian/kit';
import { type RoleRow, rolePermissions } from '../model/access.ts';
import { createRole, deleteRole, findRole, listRoles, loadRoles, permissionGroups, updateRole } from '../model/role.ts';

const loadRoleReference = referenceResolver('Role', loadRoles);

export const roleResolvers: Resolvers = {
  Query: {
    roles: async (_p, args: { first?: number; after?: string }, ctx) => {
      const page = await listRoles(ctx, args);
      return toConnection(page.nodes, { hasNextPage: page.hasNextPage, cursorOf: (r) => r.id });
    },
    role: (_p, args: { id: string }, ctx) => findRole(ctx, args.id),
    permissionRegistry: () => permissionGroups(),
  },
  Mutation: {
    createRole: (_p, args, ctx) => createRole(ctx, args.input),
    updateRole: (_p, args, ctx) => updateRole(ctx, args.input),
    deleteRole: (_p, args, ctx) => deleteRole(ctx, args.input),
  },
  Role: {
    __resolveReference: async (reference: { id: string }, ctx) => {
      const role = await loadRoleReference(reference, ctx);
      if (!role) throw notFound('Role');
      return role;
    },
    permissions: (role: RoleRow) => rolePermissions(role),
  },
};
