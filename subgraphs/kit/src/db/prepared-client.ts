import type postgres from 'postgres';

/** A tenant's schema named in the text (`"t_01j…"`): such statements are one per tenant, never reused. */
const TENANT_SCHEMA_IN_TEXT = /"t_[0-9a-z]{26}"/;
/** Bulk writes: their text changes with the row count, so a cached statement would rarely be used again. */
const MAX_PREPARED_PARAMETERS = 200;

/** Whether a statement is worth a named prepared statement on its connection. */
export function isPreparable(text: string, parameterCount: number): boolean {
  return parameterCount > 0 && parameterCount <= MAX_PREPARED_PARAMETERS && !TENANT_SCHEMA_IN_TEXT.test(text);
}

type UnsafeOptions = { prepare?: boolean } & Record<string, unknown>;

/**
 * The postgres.js client drizzle is given. drizzle's postgres-js driver sends every statement with
 * `prepare: false` (drizzle-orm#6096), and postgres.js then asks the server for the parameter types
 * before each parameterised statement: two round trips, and nothing pipelined behind it. This client
 * prepares such statements by name once per connection, so the next use is one round trip.
 *
 * Safe with a schema per tenant: PostgreSQL re-analyses a prepared statement whenever search_path
 * differs from its last use, and checks privileges at every execution, so a statement prepared for one
 * tenant runs against the schema and under the role of the transaction that uses it.
 */
export function preparingClient<Client extends postgres.Sql | postgres.TransactionSql>(sql: Client): Client {
  const wrapScope =
    (open: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      const work = args.pop() as (scope: postgres.TransactionSql) => unknown;
      return open(...args, (scope: postgres.TransactionSql) => work(preparingClient(scope)));
    };
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (text: string, parameters: postgres.ParameterOrJSON<never>[] = [], options: UnsafeOptions = {}) =>
          target.unsafe(
            text,
            parameters,
            isPreparable(text, parameters.length) ? { ...options, prepare: true } : options,
          );
      }
      // Transactions and savepoints hand their work a scoped client: wrap it too.
      if (property === 'begin' || property === 'savepoint') {
        const open = Reflect.get(target, property, receiver) as ((...args: unknown[]) => unknown) | undefined;
        return open ? wrapScope(open.bind(target)) : undefined;
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
