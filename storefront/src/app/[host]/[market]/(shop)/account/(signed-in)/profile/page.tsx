import type { Metadata } from 'next';
import { ProfileForm } from '../../../../../../../components/account-forms.tsx';
import { MeQuery } from '../../../../../../../lib/account.ts';
import { executeOrThrow } from '../../../../../../../lib/graphql-client.ts';
import { shopperCall } from '../../../../../../../lib/shopper.ts';

export const metadata: Metadata = { title: 'Profile', robots: { index: false } };

export default async function ProfilePage() {
  const call = await shopperCall();
  const { me } = await executeOrThrow(call, MeQuery, {});
  if (!me) return null;
  return <ProfileForm name={me.name} email={me.email} locale={me.locale} />;
}
