import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { productId, taxClassId, taxRateId, taxZoneId } from './ids.ts';

/**
 * Where a rate applies: one country, optionally narrowed to regions (ISO 3166-2 subdivision codes
 * without the country part, e.g. `CA` for California) and/or postal-code patterns. The most specific
 * matching zone wins per stacking priority (see docs/accounting/tax.md).
 */
export const taxZones = pgTable(
  'tax_zones',
  {
    id: taxZoneId('id').primaryKey(),
    name: text('name').notNull(),
    /** ISO 3166-1 alpha-2, upper case. */
    country: text('country').notNull(),
    regions: text('regions').array().notNull().default(sql`'{}'::text[]`),
    /** `SW1A 1AA` (exact), `BT*` (prefix), `90000..96199` (numeric range); stored upper case without spaces. */
    postalCodePatterns: text('postal_code_patterns').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tax_zones_country_idx').on(t.country)],
);

/**
 * What kind of supply a product is for tax: the built-in `standard`, `reduced`, `zero` and `exempt`, plus
 * the tenant's own. An exempt class is outside the tax: it never carries rates.
 */
export const taxClasses = pgTable(
  'tax_classes',
  {
    id: taxClassId('id').primaryKey(),
    /** Stable handle (`standard`, `books`): lowercase letters, digits and dashes. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    exempt: boolean('exempt').notNull().default(false),
    /** Seeded for every tenant; cannot be deleted. */
    builtIn: boolean('built_in').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('tax_classes_code_key').on(t.code)],
);

/**
 * A percentage for one zone × class, valid in [validFrom, validTo) (null: open-ended). Rates of different
 * `priority` stack (e.g. GST then PST); within one zone × class × priority the windows never overlap,
 * which the writers check under a lock on the zone row.
 */
export const taxRates = pgTable(
  'tax_rates',
  {
    id: taxRateId('id').primaryKey(),
    zoneId: taxZoneId('zone_id')
      .notNull()
      .references(() => taxZones.id, { onDelete: 'restrict' }),
    taxClassId: taxClassId('tax_class_id')
      .notNull()
      .references(() => taxClasses.id, { onDelete: 'restrict' }),
    /** What the receipt shows: `VAT`, `GST`, `CA state tax`. */
    name: text('name').notNull(),
    /** Percent, exact: '20.000', '9.975'. */
    rate: numeric('rate', { precision: 6, scale: 3 }).notNull(),
    priority: integer('priority').notNull().default(1),
    /** Charged on the amount plus the taxes of lower priorities (Quebec QST before 2013). */
    compound: boolean('compound').notNull().default(false),
    validFrom: timestamp('valid_from', { withTimezone: true }),
    validTo: timestamp('valid_to', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('tax_rates_zone_class_idx').on(t.zoneId, t.taxClassId, t.priority),
    index('tax_rates_class_idx').on(t.taxClassId),
    check('tax_rates_rate_check', sql`${t.rate} >= 0 and ${t.rate} <= 100`),
    check('tax_rates_priority_check', sql`${t.priority} between 1 and 9`),
    check(
      'tax_rates_window_check',
      sql`${t.validTo} is null or ${t.validFrom} is null or ${t.validTo} > ${t.validFrom}`,
    ),
  ],
);

export const shippingTaxModes = ['proportional', 'class'] as const;

/** The tenant's tax settings: one row (id = 1), created by seedDefaults. */
export const taxSettings = pgTable(
  'tax_settings',
  {
    id: integer('id').primaryKey().default(1),
    /** Catalog prices are gross (tax included, typical in the UK/EU) or net (typical in the US). */
    pricesIncludeTax: boolean('prices_include_tax').notNull().default(false),
    /** The class of a line (or product) that names none. */
    defaultTaxClassId: taxClassId('default_tax_class_id').references(() => taxClasses.id),
    /** `proportional`: shipping follows the goods' classes by value; `class`: shippingTaxClassId. */
    shippingTaxMode: text('shipping_tax_mode', { enum: shippingTaxModes }).notNull().default('proportional'),
    shippingTaxClassId: taxClassId('shipping_tax_class_id').references(() => taxClasses.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('tax_settings_singleton_check', sql`${t.id} = 1`),
    check('tax_settings_shipping_check', sql`${t.shippingTaxMode} <> 'class' or ${t.shippingTaxClassId} is not null`),
  ],
);

/** A catalog product's tax class; products without a row use the default class. */
export const productTaxClasses = pgTable(
  'tax_product_classes',
  {
    productId: productId('product_id').primaryKey(),
    taxClassId: taxClassId('tax_class_id')
      .notNull()
      .references(() => taxClasses.id, { onDelete: 'restrict' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tax_product_classes_class_idx').on(t.taxClassId)],
);
