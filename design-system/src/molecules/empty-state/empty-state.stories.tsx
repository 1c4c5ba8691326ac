import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { Button } from '../../atoms/button/button.tsx';
import { EmptyState } from './empty-state.tsx';

const meta = {
  title: 'Molecules/EmptyState',
  component: EmptyState,
  args: {
    title: 'No products match “trail shoe waterproof”',
    description: 'Check the spelling, use fewer words, or clear some filters.',
    action: <Button variant="secondary">Clear filters</Button>,
  },
} satisfies Meta<typeof EmptyState>;
export default meta;
type Story = StoryObj<typeof meta>;

export const NoResults: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('heading', { level: 2 })).toHaveTextContent('No products match');
  },
};

export const EmptyCart: Story = {
  args: {
    icon: 'cart',
    title: 'Your cart is empty',
    description: 'Find something you like; it will wait here for you.',
    action: <Button>Continue shopping</Button>,
  },
};

export const NoOrders: Story = {
  args: { icon: 'package', title: 'No orders yet', description: undefined, action: undefined },
};

export const LoadFailed: Story = {
  args: {
    icon: 'warning',
    title: 'We could not load your orders',
    description: 'This is on our side. Try again in a moment.',
    action: <Button variant="secondary">Try again</Button>,
  },
};
