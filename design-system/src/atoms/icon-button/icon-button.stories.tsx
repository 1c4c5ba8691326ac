import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { IconButton } from './icon-button.tsx';

const meta = {
  title: 'Atoms/IconButton',
  component: IconButton,
  args: { icon: 'heart', label: 'Add to wishlist', onClick: fn() },
} satisfies Meta<typeof IconButton>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Ghost: Story = {
  play: async ({ args, canvasElement }) => {
    const button = within(canvasElement).getByRole('button', { name: 'Add to wishlist' });
    await userEvent.tab();
    await expect(button).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect(args.onClick).toHaveBeenCalledOnce();
  },
};

export const Secondary: Story = { args: { variant: 'secondary', icon: 'close', label: 'Close' } };

export const Primary: Story = { args: { variant: 'primary', icon: 'plus', label: 'Add product' } };

export const WithCount: Story = {
  args: { icon: 'cart', label: 'Cart', count: 3 },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('button')).toHaveAccessibleName('Cart, 3 items');
  },
};

export const ManyItems: Story = { args: { icon: 'cart', label: 'Cart', count: 120 } };

export const Loading: Story = { args: { loading: true, icon: 'trash', label: 'Remove item' } };

export const Disabled: Story = { args: { disabled: true, icon: 'trash', label: 'Remove item' } };

export const Sizes: Story = {
  render: (args) => (
    <div style={{ display: 'flex', gap: '0.75rem', alignItems: 'center' }}>
      <IconButton {...args} size="sm" label="Small" />
      <IconButton {...args} size="md" label="Medium" />
      <IconButton {...args} size="lg" label="Large" />
    </div>
  ),
};
