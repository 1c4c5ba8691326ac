import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { Checkbox } from './checkbox.tsx';

const meta = {
  title: 'Atoms/Checkbox',
  component: Checkbox,
  args: { label: 'Subscribe to the newsletter', onChange: fn() },
} satisfies Meta<typeof Checkbox>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Unchecked: Story = {
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    const box = canvas.getByRole('checkbox', { name: 'Subscribe to the newsletter' });
    // the label is a click target too
    await userEvent.click(canvas.getByText('Subscribe to the newsletter'));
    await expect(box).toBeChecked();
    // keyboard: Space toggles
    await userEvent.keyboard(' ');
    await expect(box).not.toBeChecked();
    await expect(args.onChange).toHaveBeenCalledTimes(2);
  },
};

export const Checked: Story = { args: { defaultChecked: true } };

export const Indeterminate: Story = {
  args: { label: 'Select all products', indeterminate: true },
  play: async ({ canvasElement }) => {
    const box = within(canvasElement).getByRole('checkbox');
    await expect((box as HTMLInputElement).indeterminate).toBe(true);
  },
};

export const WithDescription: Story = {
  args: { description: 'One email a month, no more. Unsubscribe any time.' },
  play: async ({ canvasElement }) => {
    const box = within(canvasElement).getByRole('checkbox');
    await expect(box).toHaveAccessibleDescription('One email a month, no more. Unsubscribe any time.');
  },
};

export const Invalid: Story = { args: { label: 'I accept the terms of sale', invalid: true, required: true } };

export const Disabled: Story = { args: { disabled: true } };

export const DisabledChecked: Story = { args: { disabled: true, defaultChecked: true } };
