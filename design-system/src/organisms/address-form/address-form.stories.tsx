import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { demoCountries } from '../../utils/demo-data.ts';
import { AddressForm } from './address-form.tsx';

const filled = {
  name: 'Ada Lovelace',
  line1: '12 Harbour Street',
  city: 'Edinburgh',
  postalCode: 'EH6 6LD',
  country: 'GB',
};

const meta = {
  title: 'Organisms/AddressForm',
  component: AddressForm,
  args: { countries: demoCountries, onSubmit: fn(), legend: 'Shipping address' },
} satisfies Meta<typeof AddressForm>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Submitting empty: every problem next to its field, a summary linking to them, focus on the first. */
export const Empty: Story = {
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Save address' }));
    await expect(args.onSubmit).not.toHaveBeenCalled();
    await expect(canvas.getByRole('alert')).toHaveTextContent('Check these 5 fields');
    const name = canvas.getByRole('textbox', { name: /Full name/ });
    await expect(name).toHaveFocus();
    await expect(name).toHaveAccessibleDescription('Enter the full name of the recipient.');
    // fixing a field clears its message at once
    await userEvent.type(name, 'Ada Lovelace');
    await expect(name).not.toBeInvalid();
    await expect(canvas.getByRole('alert')).toHaveTextContent('Check these 4 fields');
  },
};

export const Prefilled: Story = {
  args: { defaultValues: filled },
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Save address' }));
    await expect(args.onSubmit).toHaveBeenCalledWith(expect.objectContaining(filled));
    await expect(canvas.queryByRole('alert')).toBeNull();
  },
};

export const InvalidPostalCode: Story = {
  args: { defaultValues: { ...filled, country: 'DE', postalCode: '1011' } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Save address' }));
    await expect(canvas.getByRole('textbox', { name: /Postal code/ })).toHaveAccessibleDescription(
      'Enter a postal code like 10115.',
    );
  },
};

/** The server refused a value the client accepted: its userError shows next to the field, which gets focus. */
export const ServerErrors: Story = {
  args: {
    defaultValues: filled,
    serverErrors: { postalCode: 'We do not deliver to this postal code yet.', form: 'Check the highlighted field.' },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const postal = canvas.getByRole('textbox', { name: /Postal code/ });
    await expect(postal).toHaveFocus();
    await expect(postal).toHaveAccessibleDescription('We do not deliver to this postal code yet.');
    await userEvent.type(postal, 'X');
    await expect(postal).not.toBeInvalid();
  },
};

export const Submitting: Story = { args: { defaultValues: filled, submitting: true } };

export const WithPhone: Story = { args: { withPhone: true, defaultValues: filled } };

export const Narrow: Story = {
  args: { defaultValues: filled },
  decorators: [(Story) => <div style={{ width: 340 }}>{Story()}</div>],
};
