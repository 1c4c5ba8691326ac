// Every table commerce owns in a tenant schema (drizzle-kit reads this file's exports).
export * from './cart.schema.ts';
export * from './fulfilment.schema.ts';
export * from './order.schema.ts';
export * from './payment.schema.ts';
export * from './shipping.schema.ts';
