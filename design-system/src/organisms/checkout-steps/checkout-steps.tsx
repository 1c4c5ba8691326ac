'use client';
import type { ComponentProps } from 'react';
import { Icon } from '../../atoms/icon/icon.tsx';
import { cx } from '../../utils/cx.ts';
import { useLinkComponent } from '../../utils/link-context.tsx';
import { VisuallyHidden } from '../../utils/visually-hidden.tsx';
import './checkout-steps.css';

export interface CheckoutStep {
  id: string;
  label: string;
  /** Where to go back to; only completed steps link. */
  href?: string;
}

export type CheckoutStepsProps = ComponentProps<'nav'> & {
  steps: readonly CheckoutStep[];
  current: string;
};

/** Progress through checkout: done steps link back, the current one is aria-current="step", later ones wait. */
export function CheckoutSteps({
  steps,
  current,
  className,
  'aria-label': label = 'Checkout progress',
  ...props
}: CheckoutStepsProps) {
  const RouterLink = useLinkComponent();
  const currentIndex = Math.max(
    0,
    steps.findIndex((step) => step.id === current),
  );
  return (
    <nav className={cx('mds-steps', className)} aria-label={label} {...props}>
      <ol className="mds-steps__list">
        {steps.map((step, index) => {
          const state = index < currentIndex ? 'complete' : index === currentIndex ? 'current' : 'upcoming';
          const marker = (
            <span className="mds-steps__marker" aria-hidden="true">
              {state === 'complete' ? <Icon name="check" size="sm" /> : index + 1}
            </span>
          );
          return (
            <li key={step.id} className="mds-steps__item" data-state={state}>
              {state === 'complete' && step.href ? (
                <RouterLink href={step.href} className="mds-steps__link">
                  {marker}
                  <span>
                    <VisuallyHidden>Completed: </VisuallyHidden>
                    {step.label}
                  </span>
                </RouterLink>
              ) : (
                <span className="mds-steps__link" aria-current={state === 'current' ? 'step' : undefined}>
                  {marker}
                  <span>
                    {state === 'complete' ? <VisuallyHidden>Completed: </VisuallyHidden> : null}
                    {step.label}
                  </span>
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
