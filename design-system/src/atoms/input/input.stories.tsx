import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { Input } from './input.tsx';

// An input never stands alone in a real form (FormField adds the visible label); here aria-label names it.
const meta = {
  title: 'Atoms/Input',
  component: Input,
  args: { 'aria-label': 'Email address', placeholder: 'you@example.com', type: 'email' },
  decorators: [(Story) => <div style={{ maxWidth: 360 }}>{Story()}</div>],
} satisfies Meta<typeof Input>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {
  play: async ({ canvasElement }) => {
    const input = within(canvasElement).getByRole('textbox', { name: 'Email address' });
    await userEvent.click(input);
    await userEvent.keyboard('ada@example.com');
    await expect(input).toHaveValue('ada@example.com');
  },
};

export const Filled: Story = { args: { defaultValue: 'ada@example.com' } };

export const Invalid: Story = {
  args: { defaultValue: 'ada@', invalid: true },
  play: async ({ canvasElement }) => {
    const input = within(canvasElement).getByRole('textbox');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(input).toHaveAttribute('data-state', 'invalid');
  },
};

export const Disabled: Story = { args: { disabled: true, defaultValue: 'ada@example.com' } };

export const ReadOnly: Story = { args: { readOnly: true, defaultValue: 'ada@example.com' } };

export const WithIcon: Story = {
  args: { startIcon: 'search', type: 'search', 'aria-label': 'Search', placeholder: 'Search products' },
};

export const Small: Story = { args: { size: 'sm' } };

export const Large: Story = { args: { size: 'lg' } };
