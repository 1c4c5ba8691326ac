import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { Skeleton } from './skeleton.tsx';

const meta = {
  title: 'Atoms/Skeleton',
  component: Skeleton,
  decorators: [(Story) => <div style={{ maxWidth: 320 }}>{Story()}</div>],
} satisfies Meta<typeof Skeleton>;
export default meta;
type Story = StoryObj<typeof meta>;

export const TextLine: Story = {
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.mds-skeleton')).toHaveAttribute('aria-hidden', 'true');
  },
};

export const Paragraph: Story = { args: { lines: 4 } };

export const Rectangle: Story = { args: { shape: 'rect', height: 200 } };

export const Circle: Story = { args: { shape: 'circle' } };

/** The loading region announces itself; the bars are decoration. */
export const CardPlaceholder: Story = {
  render: () => (
    <section aria-busy="true" aria-label="Loading product" style={{ display: 'grid', gap: '0.75rem' }}>
      <Skeleton shape="rect" height={240} />
      <Skeleton width="70%" />
      <Skeleton width="30%" />
    </section>
  ),
};
