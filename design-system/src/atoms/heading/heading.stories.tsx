import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { Heading } from './heading.tsx';

const meta = {
  title: 'Atoms/Heading',
  component: Heading,
  args: { level: 1, children: 'Trail running shoes' },
} satisfies Meta<typeof Heading>;
export default meta;
type Story = StoryObj<typeof meta>;

export const PageTitle: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('heading', { level: 1 })).toHaveTextContent('Trail running shoes');
  },
};

export const Levels: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: '0.75rem' }}>
      <Heading level={1}>Level 1 · 3xl</Heading>
      <Heading level={2}>Level 2 · 2xl</Heading>
      <Heading level={3}>Level 3 · xl</Heading>
      <Heading level={4}>Level 4 · lg</Heading>
      <Heading level={5}>Level 5 · md</Heading>
      <Heading level={6}>Level 6 · sm</Heading>
    </div>
  ),
};

/** The outline level and the look are independent: a small h2 for a sidebar section. */
export const SizeOverride: Story = {
  args: { level: 2, size: 'sm', children: 'Filters' },
  play: async ({ canvasElement }) => {
    const heading = within(canvasElement).getByRole('heading', { level: 2 });
    await expect(heading).toHaveAttribute('data-size', 'sm');
  },
};
