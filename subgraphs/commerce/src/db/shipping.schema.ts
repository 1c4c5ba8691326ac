import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { shippingMethodId, shippingRateId, shippingZoneId } from './ids.ts';

/**
 * Where the shop ships: countries (ISO 3166-1 alpha-2), optionally narrowed to subdivisions (`US-CA`).
 * An address is in a zone when its subdivision is listed, or its country is listed and the zone lists no
 * subdivision of that country. The most specific zone wins (a subdivision match beats a country match).
 */
export const shippingZones = pgTable('commerce_shipping_zones', {
  id: shippingZoneId('id').primaryKey(),
  name: text('name').notNull(),
  countries: text('countries').array().notNull(),
  regions: text('regions').array().notNull().default(sql`'{}'::text[]`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A way to ship to a zone ("Standard", "Express"), with a carrier. Its price comes from its rates. */
export const shippingMethods = pgTable(
  'commerce_shipping_methods',
  {
    id: shippingMethodId('id').primaryKey(),
    zoneId: shippingZoneId('zone_id')
      .notNull()
      .references(() => shippingZones.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    carrier: text('carrier'),
    active: boolean('active').notNull().default(true),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('commerce_shipping_methods_zone_idx').on(t.zoneId)],
);

export const rateKinds = ['flat', 'weight', 'price'] as const;
export type RateKind = (typeof rateKinds)[number];

/**
 * One price of a method in one currency: `flat` always applies; `weight` when the cart's weight (grams)
 * and `price` when its goods subtotal (minor units) lies in [min, max). `freeOver`: from this subtotal on,
 * the rate costs nothing. A cart gets the cheapest rate that applies; none → the method is unavailable.
 */
export const shippingRates = pgTable(
  'commerce_shipping_rates',
  {
    id: shippingRateId('id').primaryKey(),
    methodId: shippingMethodId('method_id')
      .notNull()
      .references(() => shippingMethods.id, { onDelete: 'cascade' }),
    currency: text('currency').notNull(),
    kind: text('kind', { enum: rateKinds }).notNull(),
    min: bigint('min', { mode: 'number' }).notNull().default(0),
    max: bigint('max', { mode: 'number' }),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    freeOver: bigint('free_over', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('commerce_shipping_rates_method_idx').on(t.methodId),
    check('commerce_shipping_rates_amount_check', sql`${t.amount} >= 0 and ${t.min} >= 0`),
    check('commerce_shipping_rates_range_check', sql`${t.max} is null or ${t.max} > ${t.min}`),
  ],
);
