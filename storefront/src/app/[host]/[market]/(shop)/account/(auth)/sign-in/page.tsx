import { Heading } from '@meridian/design-system';
import type { Metadata } from 'next';
import { SignInForm } from '../../../../../../../components/auth-forms.tsx';
import { safeNextPath } from '../../../../../../../lib/paths.ts';

export const metadata: Metadata = { title: 'Sign in', robots: { index: false } };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; error?: string }>;
}) {
  const { next, error } = await searchParams;
  return (
    <div className="sf-page sf-narrow">
      <Heading level={1}>Sign in</Heading>
      <SignInForm
        next={safeNextPath(next)}
        initialError={
          error === 'invalid'
            ? 'Those details did not match an account.'
            : error
              ? 'We could not sign you in. Try again.'
              : undefined
        }
      />
    </div>
  );
}
