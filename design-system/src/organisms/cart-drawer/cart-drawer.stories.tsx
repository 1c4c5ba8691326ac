import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import { demoCartLines } from '../../utils/demo-data.ts';
import { CartDrawer, type CartDrawerProps, type CartLine } from './cart-drawer.tsx';

const meta = {
  title: 'Organisms/CartDrawer',
  component: CartDrawer,
  args: {
    open: true,
    onClose: fn(),
    lines: demoCartLines,
    subtotal: { amount: 17700, currency: 'EUR' },
    onQuantityChange: fn(),
    onRemove: fn(),
    checkoutHref: '#checkout',
    onContinueShopping: fn(),
  },
} satisfies Meta<typeof CartDrawer>;
export default meta;
type Story = StoryObj<typeof meta>;

function LiveCart(args: CartDrawerProps) {
  const [lines, setLines] = useState<readonly CartLine[]>(args.lines);
  const total = (list: readonly CartLine[]) =>
    list.reduce((sum, line) => sum + line.unitPrice.amount * line.quantity, 0);
  return (
    <CartDrawer
      {...args}
      lines={lines}
      subtotal={{ amount: total(lines), currency: 'EUR' }}
      onQuantityChange={(id, quantity) => {
        args.onQuantityChange(id, quantity);
        setLines((list) =>
          list.map((line) =>
            line.id === id
              ? { ...line, quantity, lineTotal: { ...line.unitPrice, amount: line.unitPrice.amount * quantity } }
              : line,
          ),
        );
      }}
      onRemove={(id) => {
        args.onRemove(id);
        setLines((list) => list.filter((line) => line.id !== id));
      }}
    />
  );
}

export const WithItems: Story = {
  render: (args) => <LiveCart {...args} />,
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = canvas.getByRole('dialog', { name: 'Your cart (3 items)' });
    const [increaseFirst] = within(dialog).getAllByRole('button', { name: 'Increase quantity' });
    if (increaseFirst) await userEvent.click(increaseFirst);
    await expect(args.onQuantityChange).toHaveBeenCalledWith('l1', 2);
    await expect(canvas.getByRole('dialog', { name: 'Your cart (4 items)' })).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Remove Trail socks, 3-pack' }));
    await expect(args.onRemove).toHaveBeenCalledWith('l2');
    await expect(canvas.getByRole('link', { name: 'Checkout' })).toHaveAttribute('href', '#checkout');
  },
};

export const Updating: Story = { args: { updating: true } };

/** A failed update says the cart is safe, and keeps every line. */
export const UpdateFailed: Story = {
  args: { error: 'We could not update your cart. Your items are safe; check your connection and try again.' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('alert')).toHaveTextContent('Your items are safe');
    await expect(canvas.getAllByRole('listitem')).toHaveLength(2);
  },
};

export const WithNotice: Story = {
  args: {
    lines: demoCartLines
      .slice(0, 1)
      .map((line) => ({ ...line, quantity: 2, maxQuantity: 2, notice: 'Only 2 left: we lowered the quantity.' })),
  },
};

export const Empty: Story = {
  args: { lines: [], subtotal: { amount: 0, currency: 'EUR' } },
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('heading', { name: 'Your cart is empty' })).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Continue shopping' }));
    await expect(args.onContinueShopping).toHaveBeenCalledOnce();
  },
};
