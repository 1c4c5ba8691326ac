export { type CheckoutStep, CheckoutSteps, type CheckoutStepsProps } from './checkout-steps.tsx';
