import { Heading } from '@meridian/design-system';
import type { Metadata } from 'next';
import { ResetPasswordForm } from '../../../../../../../components/account-forms.tsx';

export const metadata: Metadata = { title: 'Choose a new password', robots: { index: false } };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <div className="sf-page sf-narrow">
      <Heading level={1}>Choose a new password</Heading>
      <ResetPasswordForm token={token ?? ''} />
    </div>
  );
}
