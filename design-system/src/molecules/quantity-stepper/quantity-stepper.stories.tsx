import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { QuantityStepper } from './quantity-stepper.tsx';

const meta = {
  title: 'Molecules/QuantityStepper',
  component: QuantityStepper,
  args: { label: 'Quantity', onValueChange: fn(), max: 5 },
} satisfies Meta<typeof QuantityStepper>;
export default meta;
type Story = StoryObj<typeof meta>;

export const AtMinimum: Story = {
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    const decrease = canvas.getByRole('button', { name: 'Decrease quantity' });
    await expect(decrease).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(decrease);
    await expect(args.onValueChange).not.toHaveBeenCalled();
    await userEvent.click(canvas.getByRole('button', { name: 'Increase quantity' }));
    await expect(args.onValueChange).toHaveBeenLastCalledWith(2);
    await expect(canvas.getByRole('spinbutton', { name: 'Quantity' })).toHaveValue(2);
  },
};

export const Between: Story = { args: { defaultValue: 3 } };

export const AtMaximum: Story = {
  args: { defaultValue: 5 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('group', { name: 'Quantity' })).toHaveAttribute('data-state', 'max');
    await expect(canvas.getByRole('button', { name: 'Increase quantity' })).toHaveAttribute('aria-disabled', 'true');
  },
};

/** Typing commits on Enter and is clamped; ↑/↓ step at once. */
export const Keyboard: Story = {
  args: { defaultValue: 2 },
  play: async ({ args, canvasElement }) => {
    const field = within(canvasElement).getByRole('spinbutton');
    await userEvent.click(field);
    await userEvent.keyboard('{ArrowUp}');
    await expect(args.onValueChange).toHaveBeenLastCalledWith(3);
    await userEvent.clear(field);
    await userEvent.type(field, '40{Enter}');
    await expect(field).toHaveValue(5);
    await expect(args.onValueChange).toHaveBeenLastCalledWith(5);
  },
};

/** Pressing − down to the minimum keeps focus on the button. */
export const FocusStaysAtLimit: Story = {
  args: { defaultValue: 2 },
  play: async ({ canvasElement }) => {
    const decrease = within(canvasElement).getByRole('button', { name: 'Decrease quantity' });
    await userEvent.click(decrease);
    await expect(decrease).toHaveFocus();
    await expect(decrease).toHaveAttribute('aria-disabled', 'true');
  },
};

export const Small: Story = {
  args: { size: 'sm', hideLabel: true, label: 'Quantity of Trail running shoes', defaultValue: 2 },
};

export const Disabled: Story = { args: { disabled: true, defaultValue: 1 } };
