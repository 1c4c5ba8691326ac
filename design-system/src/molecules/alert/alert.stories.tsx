import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { Button } from '../../atoms/button/button.tsx';
import { Alert } from './alert.tsx';

const meta = {
  title: 'Molecules/Alert',
  component: Alert,
  args: { title: 'Free delivery this week', children: 'On every order over €50, to all EU countries.' },
  decorators: [(Story) => <div style={{ maxWidth: 560 }}>{Story()}</div>],
} satisfies Meta<typeof Alert>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Info: Story = {
  play: async ({ canvasElement }) => {
    // a static notice does not interrupt: no live role
    await expect(within(canvasElement).queryByRole('alert')).toBeNull();
    await expect(canvasElement.querySelector('.mds-alert__title')).toHaveTextContent('Note: Free delivery this week');
  },
};

export const Success: Story = { args: { tone: 'success', title: 'Address saved', children: undefined } };

export const Warning: Story = {
  args: {
    tone: 'warning',
    title: 'Only 2 left',
    children: 'Order soon: the last items are reserved for 15 minutes once in a cart.',
  },
};

/** A payment was declined: announced at once, with a way forward, and the cart is kept. */
export const Danger: Story = {
  args: {
    tone: 'danger',
    announce: true,
    title: 'Your card was declined',
    children: 'Nothing was charged and your cart is saved. Try another card or payment method.',
    actions: <Button size="sm">Try another card</Button>,
  },
  play: async ({ canvasElement }) => {
    const alert = within(canvasElement).getByRole('alert');
    await expect(alert).toHaveTextContent('Error: Your card was declined');
  },
};

export const Dismissible: Story = {
  args: { onDismiss: fn() },
  play: async ({ args, canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Dismiss' }));
    await expect(args.onDismiss).toHaveBeenCalledOnce();
  },
};

export const WithoutTitle: Story = { args: { title: undefined, tone: 'info', children: 'Prices include VAT.' } };
