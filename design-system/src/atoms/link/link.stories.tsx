import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { Link } from './link.tsx';

const meta = {
  title: 'Atoms/Link',
  component: Link,
  args: { href: '#shipping', children: 'shipping policy' },
} satisfies Meta<typeof Link>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Inline: Story = {
  render: (args) => (
    <p style={{ margin: 0 }}>
      Orders ship within two days; see our <Link {...args} /> for details.
    </p>
  ),
  play: async ({ canvasElement }) => {
    const link = within(canvasElement).getByRole('link', { name: 'shipping policy' });
    await expect(link).toHaveAttribute('href', '#shipping');
  },
};

export const Standalone: Story = { args: { variant: 'standalone', children: 'View all products' } };

export const Subtle: Story = { args: { variant: 'subtle', children: 'Privacy' } };

export const Current: Story = { args: { variant: 'subtle', children: 'Orders', 'aria-current': 'page' } };

export const External: Story = {
  args: { href: 'https://example.com/returns', external: true, children: 'Carrier tracking' },
  play: async ({ canvasElement }) => {
    const link = within(canvasElement).getByRole('link', { name: 'Carrier tracking (opens in a new tab)' });
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  },
};
