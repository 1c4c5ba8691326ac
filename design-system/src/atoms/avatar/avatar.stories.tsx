import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { demoImage } from '../../utils/demo-images.ts';
import { Avatar } from './avatar.tsx';

const meta = {
  title: 'Atoms/Avatar',
  component: Avatar,
  args: { name: 'Ada Lovelace' },
} satisfies Meta<typeof Avatar>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Initials: Story = {
  play: async ({ canvasElement }) => {
    const avatar = within(canvasElement).getByRole('img', { name: 'Ada Lovelace' });
    await expect(avatar).toHaveTextContent('AL');
  },
};

export const Image: Story = { args: { src: demoImage('portrait', 'A') } };

/** The image fails to load: initials take its place. */
export const BrokenImage: Story = {
  args: { src: '/does-not-exist.png' },
  play: async ({ canvasElement }) => {
    const avatar = within(canvasElement).getByRole('img', { name: 'Ada Lovelace' });
    await waitFor(() => expect(avatar).toHaveAttribute('data-state', 'fallback'));
    await expect(avatar).toHaveTextContent('AL');
  },
};

export const Sizes: Story = {
  render: (args) => (
    <div style={{ display: 'flex', gap: '1rem', alignItems: 'center' }}>
      <Avatar {...args} size="sm" />
      <Avatar {...args} size="md" />
      <Avatar {...args} size="lg" />
    </div>
  ),
};

export const Decorative: Story = {
  render: (args) => (
    <p style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', margin: 0 }}>
      <Avatar {...args} decorative size="sm" />
      Ada Lovelace
    </p>
  ),
};
