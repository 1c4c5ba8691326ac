export { clampQuantity, QuantityStepper, type QuantityStepperProps } from './quantity-stepper.tsx';
