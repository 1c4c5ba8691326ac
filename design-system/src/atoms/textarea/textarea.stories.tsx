import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { Textarea } from './textarea.tsx';

const meta = {
  title: 'Atoms/Textarea',
  component: Textarea,
  args: { 'aria-label': 'Delivery instructions', placeholder: 'Leave with the neighbour at no. 12' },
  decorators: [(Story) => <div style={{ maxWidth: 420 }}>{Story()}</div>],
} satisfies Meta<typeof Textarea>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {
  play: async ({ canvasElement }) => {
    const field = within(canvasElement).getByRole('textbox', { name: 'Delivery instructions' });
    await userEvent.type(field, 'Ring twice{Enter}Thanks');
    await expect(field).toHaveValue('Ring twice\nThanks');
  },
};

export const Filled: Story = { args: { defaultValue: 'Please ring twice; the bell is quiet.' } };

export const Invalid: Story = { args: { invalid: true, defaultValue: 'x'.repeat(20) } };

export const Disabled: Story = { args: { disabled: true, defaultValue: 'Locked after dispatch' } };

export const AutoGrow: Story = {
  args: { autoGrow: true, rows: 2, defaultValue: 'Line one\nLine two\nLine three\nLine four' },
};
