import { Heading, Text } from '@meridian/design-system';
import type { Metadata } from 'next';
import { ForgotPasswordForm } from '../../../../../../../components/account-forms.tsx';

export const metadata: Metadata = { title: 'Reset your password', robots: { index: false } };

export default function ForgotPasswordPage() {
  return (
    <div className="sf-page sf-narrow">
      <Heading level={1}>Reset your password</Heading>
      <Text>We will email you a link to choose a new one.</Text>
      <ForgotPasswordForm />
    </div>
  );
}
