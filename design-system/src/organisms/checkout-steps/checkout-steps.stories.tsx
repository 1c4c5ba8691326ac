import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { CheckoutSteps } from './checkout-steps.tsx';

const steps = [
  { id: 'cart', label: 'Cart', href: '#cart' },
  { id: 'address', label: 'Address', href: '#address' },
  { id: 'shipping', label: 'Shipping', href: '#shipping' },
  { id: 'payment', label: 'Payment', href: '#payment' },
];

const meta = {
  title: 'Organisms/CheckoutSteps',
  component: CheckoutSteps,
  args: { steps, current: 'address' },
} satisfies Meta<typeof CheckoutSteps>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Address: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('navigation', { name: 'Checkout progress' })).toBeVisible();
    await expect(canvas.getByRole('link', { name: 'Completed: Cart' })).toHaveAttribute('href', '#cart');
    await expect(canvas.getByText('Address').closest('[aria-current]')).toHaveAttribute('aria-current', 'step');
    // steps not reached yet are not links
    await expect(canvas.queryByRole('link', { name: /Payment/ })).toBeNull();
  },
};

export const Shipping: Story = { args: { current: 'shipping' } };

export const Payment: Story = { args: { current: 'payment' } };

export const Phone: Story = {
  args: { current: 'shipping' },
  decorators: [(Story) => <div style={{ width: 360 }}>{Story()}</div>],
};
