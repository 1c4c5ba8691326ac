import type { Meta, StoryObj } from '@storybook/react-vite';
import { Text } from './text.tsx';

const meta = {
  title: 'Atoms/Text',
  component: Text,
  args: { children: 'Lightweight, breathable and made for long days on rocky trails.' },
} satisfies Meta<typeof Text>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Body: Story = {};

export const Sizes: Story = {
  render: (args) => (
    <div style={{ display: 'grid', gap: '0.5rem' }}>
      {(['xs', 'sm', 'md', 'lg'] as const).map((size) => (
        <Text key={size} {...args} size={size}>
          {size}: {args.children}
        </Text>
      ))}
    </div>
  ),
};

export const Tones: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: '0.5rem' }}>
      <Text tone="muted">Muted: SKU TR-2041-42</Text>
      <Text tone="success">Success: In stock, ships today</Text>
      <Text tone="warning">Warning: Only 2 left</Text>
      <Text tone="danger">Danger: Out of stock</Text>
    </div>
  ),
};

export const Truncated: Story = {
  args: { truncate: true, title: 'Lightweight, breathable and made for long days on rocky trails.' },
  decorators: [(Story) => <div style={{ width: 200 }}>{Story()}</div>],
};

export const Inline: Story = {
  render: () => (
    <Text>
      Order{' '}
      <Text as="strong" weight="bold">
        #1042
      </Text>{' '}
      was placed on{' '}
      <Text as="span" tone="muted">
        12 March
      </Text>
      .
    </Text>
  ),
};
