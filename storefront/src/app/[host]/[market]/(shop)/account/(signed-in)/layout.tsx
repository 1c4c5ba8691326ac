import { AccountPage, Button } from '@meridian/design-system';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AccountNav, AccountTitle } from '../../../../../../components/account-nav.tsx';
import { MeQuery } from '../../../../../../lib/account.ts';
import { execute } from '../../../../../../lib/graphql-client.ts';
import { shopperCall } from '../../../../../../lib/shopper.ts';

/** The signed-in customer's pages; a guest (or an ended session) is sent to sign in and brought back. */
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const call = await shopperCall();
  if (!call.accessToken) redirect('/account/sign-in?next=/account/orders');
  const result = await execute(call, MeQuery, {});
  if (result.error?.codes.includes('UNAUTHENTICATED') || (!result.error && !result.data.me))
    redirect('/account/sign-in?next=/account/orders');
  if (result.error) throw result.error;
  const me = result.data.me;
  return (
    <div className="sf-page">
      <AccountPage
        title={<AccountTitle />}
        greeting={
          <div className="sf-greeting">
            <p>Signed in as {me?.email}</p>
            <form action="/api/auth/sign-out" method="post">
              <Button type="submit" variant="secondary" size="sm" startIcon="logout">
                Sign out
              </Button>
            </form>
          </div>
        }
        navigation={<AccountNav />}
      >
        {children}
      </AccountPage>
    </div>
  );
}
