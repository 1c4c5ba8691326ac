import type { Meta, StoryObj } from '@storybook/react-vite';
import { Badge, type BadgeTone } from './badge.tsx';

const tones: BadgeTone[] = ['neutral', 'brand', 'accent', 'success', 'warning', 'danger', 'info'];

const meta = {
  title: 'Atoms/Badge',
  component: Badge,
  args: { children: 'In stock', tone: 'success' },
} satisfies Meta<typeof Badge>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Subtle: Story = {};

export const Solid: Story = { args: { variant: 'solid', tone: 'accent', children: 'Sale' } };

export const AllTones: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: '0.75rem' }}>
      {(['subtle', 'solid'] as const).map((variant) => (
        <div key={variant} style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
          {tones.map((tone) => (
            <Badge key={tone} tone={tone} variant={variant}>
              {tone}
            </Badge>
          ))}
        </div>
      ))}
    </div>
  ),
};

export const OrderStatus: Story = {
  render: () => (
    <div style={{ display: 'flex', gap: '0.5rem' }}>
      <Badge tone="info">Processing</Badge>
      <Badge tone="success">Paid</Badge>
      <Badge tone="warning">Awaiting payment</Badge>
      <Badge tone="danger">Refunded</Badge>
      <Badge>Draft</Badge>
    </div>
  ),
};
