import type { AuditRecord, Resolvers } from '@meridian/kit';
import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';
import { auditLogPage, verifyTenantAuditChain } from '../model/audit-log.ts';

/** Any JSON value, passed through as it is (audit before/after snapshots). */
const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

export const auditResolvers: Resolvers = {
  JSON: JSONScalar,
  Query: {
    auditLog: (_p, args, ctx) => auditLogPage(ctx, args),
    verifyAuditChain: (_p, _a, ctx) => verifyTenantAuditChain(ctx),
  },
  AuditEntry: {
    sequence: (record: AuditRecord) => record.seq,
    occurredAt: (record: AuditRecord) => record.createdAt,
    previousHash: (record: AuditRecord) => record.prevHash,
  },
};
