import type { TestClient } from '@meridian/kit/testing';

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are checked field by field in the tests.
export type Gql = any;

const errors = 'userErrors { field code message }';
const zoneFields = 'id name country regions postalCodePatterns';
const rateFields = 'id name rate priority compound validFrom validTo zone { id } taxClass { id code }';
const taxFields = 'rateId name rate priority compound zoneId taxClassId taxableAmount { amount } taxAmount { amount }';

export const documents = {
  createZone: `mutation($input: CreateTaxZoneInput!) { createTaxZone(input: $input) { taxZone { ${zoneFields} } ${errors} } }`,
  updateZone: `mutation($input: UpdateTaxZoneInput!) { updateTaxZone(input: $input) { taxZone { ${zoneFields} } ${errors} } }`,
  deleteZone: `mutation($input: DeleteTaxZoneInput!) { deleteTaxZone(input: $input) { deletedId ${errors} } }`,
  createClass: `mutation($input: CreateTaxClassInput!) { createTaxClass(input: $input) { taxClass { id code name exempt builtIn } ${errors} } }`,
  updateClass: `mutation($input: UpdateTaxClassInput!) { updateTaxClass(input: $input) { taxClass { id name } ${errors} } }`,
  deleteClass: `mutation($input: DeleteTaxClassInput!) { deleteTaxClass(input: $input) { deletedId ${errors} } }`,
  createRate: `mutation($input: CreateTaxRateInput!) { createTaxRate(input: $input) { taxRate { ${rateFields} } ${errors} } }`,
  updateRate: `mutation($input: UpdateTaxRateInput!) { updateTaxRate(input: $input) { taxRate { ${rateFields} } ${errors} } }`,
  deleteRate: `mutation($input: DeleteTaxRateInput!) { deleteTaxRate(input: $input) { deletedId ${errors} } }`,
  scheduleChange: `mutation($input: ScheduleTaxRateChangeInput!) { scheduleTaxRateChange(input: $input) {
    previousRate { ${rateFields} } taxRate { ${rateFields} } ${errors} } }`,
  updateSettings: `mutation($input: UpdateTaxSettingsInput!) { updateTaxSettings(input: $input) {
    taxSettings { pricesIncludeTax shippingTaxMode defaultTaxClass { code } shippingTaxClass { code } } ${errors} } }`,
  setProductClass: `mutation($input: SetProductTaxClassInput!) { setProductTaxClass(input: $input) {
    products { id taxClass { code } } ${errors} } }`,
  taxQuote: `query($input: TaxQuoteInput!) { taxQuote(input: $input) { quote { ${'QUOTE'} } ${errors} } }`,
  calculateTax: `query($input: CalculateTaxInput!) { calculateTax(input: $input) { quote { ${'QUOTE'} } ${errors} } }`,
};

const quoteFields = `currencyCode pricesIncludeTax at zone { id name }
  lines { key taxClassId quantity amount { amount } netAmount { amount } taxAmount { amount } grossAmount { amount } taxes { ${taxFields} } }
  shipping { amount { amount } netAmount { amount } taxAmount { amount } grossAmount { amount } taxes { ${taxFields} } }
  breakdown { ${taxFields} }
  netTotal { amount currencyCode } taxTotal { amount currencyCode } grossTotal { amount currencyCode }`;
documents.taxQuote = documents.taxQuote.replace('QUOTE', quoteFields);
documents.calculateTax = documents.calculateTax.replace('QUOTE', quoteFields);

/** Runs a mutation and returns its payload, failing loudly on GraphQL errors. */
export async function mutate(client: TestClient, document: string, input: Record<string, unknown>): Promise<Gql> {
  const result = await client.request<Gql>(document, { input });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return Object.values(result.data as object)[0];
}

/** A payload that must have succeeded: its entity. */
export async function created(client: TestClient, document: string, input: Record<string, unknown>): Promise<Gql> {
  const payload = await mutate(client, document, input);
  if (payload.userErrors.length > 0) throw new Error(JSON.stringify(payload.userErrors));
  return Object.values(payload).find((v) => v && typeof v === 'object' && !Array.isArray(v));
}

export async function classIds(client: TestClient): Promise<Record<string, string>> {
  const result = await client.request<Gql>('{ taxClasses(first: 100) { edges { node { id code } } } }');
  return Object.fromEntries(result.data.taxClasses.edges.map((e: Gql) => [e.node.code, e.node.id]));
}

export const fieldsOf = (errors: { field: string[] | null; code: string }[]) =>
  errors.map((e) => `${e.field?.join('.')}:${e.code}`);

/** Just the numbers of a quote: per line [key, net, tax, gross], then totals. */
export function numbersOf(quote: Gql) {
  return {
    lines: quote.lines.map((l: Gql) => [l.key, l.netAmount.amount, l.taxAmount.amount, l.grossAmount.amount]),
    totals: [quote.netTotal.amount, quote.taxTotal.amount, quote.grossTotal.amount],
  };
}
