import { Heading, Text } from '@meridian/design-system';
import type { Metadata } from 'next';
import { SignUpForm } from '../../../../../../../components/auth-forms.tsx';
import { safeNextPath } from '../../../../../../../lib/paths.ts';

export const metadata: Metadata = { title: 'Create an account', robots: { index: false } };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <div className="sf-page sf-narrow">
      <Heading level={1}>Create an account</Heading>
      <Text>Follow your orders and check out faster. Your cart comes with you.</Text>
      <SignUpForm next={safeNextPath(next)} />
    </div>
  );
}
