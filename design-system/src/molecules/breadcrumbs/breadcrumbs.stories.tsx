import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { Breadcrumbs } from './breadcrumbs.tsx';

const meta = {
  title: 'Molecules/Breadcrumbs',
  component: Breadcrumbs,
  args: {
    items: [
      { label: 'Home', href: '#home' },
      { label: 'Footwear', href: '#footwear' },
      { label: 'Trail running', href: '#trail' },
      { label: 'Ridgeline trail running shoe' },
    ],
  },
} satisfies Meta<typeof Breadcrumbs>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('navigation', { name: 'Breadcrumb' })).toBeVisible();
    await expect(canvas.getAllByRole('link')).toHaveLength(3);
    await expect(canvas.getByText('Ridgeline trail running shoe')).toHaveAttribute('aria-current', 'page');
  },
};

export const Short: Story = { args: { items: [{ label: 'Home', href: '#home' }, { label: 'Search results' }] } };

/** Long paths wrap instead of overflowing on a phone. */
export const Narrow: Story = { decorators: [(Story) => <div style={{ width: 260 }}>{Story()}</div>] };
