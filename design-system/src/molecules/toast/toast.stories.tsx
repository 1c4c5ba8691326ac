import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { Button } from '../../atoms/button/button.tsx';
import { Toast, ToastProvider, useToast } from './toast.tsx';

const meta = {
  title: 'Molecules/Toast',
  component: Toast,
  args: {
    title: 'Added to cart',
    description: 'Ridgeline trail running shoe, size 42',
    onDismiss: fn(),
    duration: null,
  },
  // a toast is a list item of the notifications region
  render: (args) => (
    <ol style={{ listStyle: 'none', padding: 0, margin: 0, maxWidth: 400 }}>
      <Toast {...args} />
    </ol>
  ),
} satisfies Meta<typeof Toast>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Info: Story = {
  args: { tone: 'info', title: 'Prices updated', description: 'Your cart now shows prices for Switzerland.' },
};

export const Success: Story = { args: { tone: 'success' } };

export const Warning: Story = { args: { tone: 'warning', title: 'Only 1 left', description: undefined } };

export const Danger: Story = {
  args: {
    tone: 'danger',
    title: 'Could not update the cart',
    description: 'Check your connection. Your cart is safe.',
  },
};

export const WithAction: Story = {
  args: { title: 'Removed from cart', description: undefined, action: { label: 'Undo', onAction: fn() } },
  play: async ({ args, canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Undo' }));
    await expect(args.action?.onAction).toHaveBeenCalledOnce();
    await expect(args.onDismiss).toHaveBeenCalledOnce();
  },
};

/** Escape dismisses the focused toast. */
export const KeyboardDismiss: Story = {
  play: async ({ args, canvasElement }) => {
    await userEvent.tab();
    await expect(within(canvasElement).getByRole('button', { name: 'Dismiss notification' })).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    await expect(args.onDismiss).toHaveBeenCalledOnce();
  },
};

function Demo() {
  const toast = useToast();
  return (
    <div style={{ display: 'flex', gap: '0.5rem' }}>
      <Button onClick={() => toast.show({ title: 'Added to cart', tone: 'success', duration: 800 })}>
        Add to cart
      </Button>
      <Button
        variant="secondary"
        onClick={() => toast.show({ title: 'Payment failed', description: 'Your cart is saved.', tone: 'danger' })}
      >
        Fail payment
      </Button>
    </div>
  );
}

/** Through the provider: announced in a live region, gone after its duration, errors stay. */
export const WithProvider: Story = {
  decorators: [(Story) => <ToastProvider>{Story()}</ToastProvider>],
  render: () => <Demo />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement.ownerDocument.body);
    await userEvent.click(canvas.getByRole('button', { name: 'Add to cart' }));
    const region = canvas.getByRole('region', { name: 'Notifications' });
    await expect(within(region).getByText('Added to cart')).toBeVisible();
    await expect(canvasElement.ownerDocument.querySelector('[aria-live="polite"]')).toHaveTextContent('Added to cart');
    await waitFor(() => expect(within(region).queryByText('Added to cart')).toBeNull(), { timeout: 3000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Fail payment' }));
    await expect(canvasElement.ownerDocument.querySelector('[aria-live="assertive"]')).toHaveTextContent(
      'Payment failed. Your cart is saved.',
    );
    await expect(within(region).getByText('Payment failed')).toBeVisible();
  },
};
