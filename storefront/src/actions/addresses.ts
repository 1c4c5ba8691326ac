'use server';
import type { CustomerAddressInput } from '../__generated__/graphql.ts';
import {
  AddMyAddressMutation,
  DeleteMyAddressMutation,
  SetDefaultAddressMutation,
  UpdateMyAddressMutation,
} from '../lib/addresses.ts';
import { execute, failureMessage } from '../lib/graphql-client.ts';
import { shopperCall } from '../lib/shopper.ts';

export interface AddressBookInput {
  name: string;
  company?: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode?: string;
  country: string;
  phone?: string;
  isDefault?: boolean;
}

export type AddressBookResult = { ok: true } | { ok: false; message?: string; fields?: Record<string, string> };

const UNREACHABLE = 'We could not reach the store. Your addresses are unchanged: try again in a moment.';
const SIGNED_OUT = 'Your session has ended. Sign in again.';

/** A userError path → the form field (`["input","postalCode"]` → `postalCode`); other paths are the form's. */
function byField(errors: readonly { field?: readonly string[] | null; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const field = (e.field ?? []).filter((p) => p !== 'input').at(-1) ?? 'form';
    out[field === 'id' ? 'form' : field] ??= e.message;
  }
  return out;
}

function failed(errors: readonly { field?: readonly string[] | null; message: string }[]): AddressBookResult {
  const { form, ...fields } = byField(errors);
  return { ok: false, ...(form ? { message: form } : {}), fields };
}

const ID = /^[a-z]{2,5}_[0-9A-Za-z]{10,40}$/;

/** Trimmed, empty optional fields as null; the required ones are checked here for a quick answer, then by identity. */
function clean(input: AddressBookInput): { value: CustomerAddressInput } | { fields: Record<string, string> } {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const optional = (v: unknown) => text(v) || null;
  const fields: Record<string, string> = {};
  if (!text(input.name)) fields.name = 'Enter the full name of the recipient.';
  if (!text(input.line1)) fields.line1 = 'Enter the street and house number.';
  if (!text(input.city)) fields.city = 'Enter the town or city.';
  if (!/^[A-Z]{2}$/.test(text(input.country))) fields.country = 'Choose a country.';
  if (Object.keys(fields).length > 0) return { fields };
  return {
    value: {
      name: text(input.name),
      company: optional(input.company),
      line1: text(input.line1),
      line2: optional(input.line2),
      city: text(input.city),
      region: optional(input.region),
      postalCode: optional(input.postalCode),
      country: text(input.country),
      phone: optional(input.phone),
      isDefault: input.isDefault === true,
    },
  };
}

async function signedInCall() {
  const call = await shopperCall();
  return call.accessToken ? call : null;
}

export async function addAddress(input: AddressBookInput): Promise<AddressBookResult> {
  const checked = clean(input);
  if ('fields' in checked) return { ok: false, fields: checked.fields };
  const call = await signedInCall();
  if (!call) return { ok: false, message: SIGNED_OUT };
  const result = await execute(call, AddMyAddressMutation, { input: checked.value }, 'mutation');
  if (result.error) return { ok: false, message: failureMessage(result.error, UNREACHABLE) };
  const { address, userErrors } = result.data.addMyAddress;
  return address && userErrors.length === 0 ? { ok: true } : failed(userErrors);
}

export async function updateAddress(id: string, input: AddressBookInput): Promise<AddressBookResult> {
  if (!ID.test(id)) return { ok: false, message: 'That address no longer exists. Reload the page.' };
  const checked = clean(input);
  if ('fields' in checked) return { ok: false, fields: checked.fields };
  const call = await signedInCall();
  if (!call) return { ok: false, message: SIGNED_OUT };
  const result = await execute(call, UpdateMyAddressMutation, { id, input: checked.value }, 'mutation');
  if (result.error) return { ok: false, message: failureMessage(result.error, UNREACHABLE) };
  const { address, userErrors } = result.data.updateMyAddress;
  return address && userErrors.length === 0 ? { ok: true } : failed(userErrors);
}

export async function deleteAddress(id: string): Promise<AddressBookResult> {
  if (!ID.test(id)) return { ok: false, message: 'That address no longer exists. Reload the page.' };
  const call = await signedInCall();
  if (!call) return { ok: false, message: SIGNED_OUT };
  const result = await execute(call, DeleteMyAddressMutation, { id }, 'mutation');
  if (result.error) return { ok: false, message: failureMessage(result.error, UNREACHABLE) };
  const { userErrors } = result.data.deleteMyAddress;
  return userErrors.length === 0 ? { ok: true } : failed(userErrors);
}

export async function setDefaultAddress(id: string): Promise<AddressBookResult> {
  if (!ID.test(id)) return { ok: false, message: 'That address no longer exists. Reload the page.' };
  const call = await signedInCall();
  if (!call) return { ok: false, message: SIGNED_OUT };
  const result = await execute(call, SetDefaultAddressMutation, { id }, 'mutation');
  if (result.error) return { ok: false, message: failureMessage(result.error, UNREACHABLE) };
  const { address, userErrors } = result.data.setDefaultAddress;
  return address && userErrors.length === 0 ? { ok: true } : failed(userErrors);
}
