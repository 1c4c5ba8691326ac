import type { Metadata } from 'next';
import { AddressBook } from '../../../../../../../components/address-book.tsx';
import { MyAddressesQuery, savedAddresses } from '../../../../../../../lib/addresses.ts';
import { COUNTRIES } from '../../../../../../../lib/checkout.ts';
import { executeOrThrow } from '../../../../../../../lib/graphql-client.ts';
import { shopperCall } from '../../../../../../../lib/shopper.ts';

export const metadata: Metadata = { title: 'Addresses', robots: { index: false } };

/** The customer's address book (identity): the default first; checkout offers these addresses too. */
export default async function AddressesPage() {
  const call = await shopperCall();
  const data = await executeOrThrow(call, MyAddressesQuery, {});
  return <AddressBook addresses={savedAddresses(data.myAddresses)} countries={COUNTRIES} />;
}
