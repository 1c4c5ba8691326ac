import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { Input } from '../../atoms/input/input.tsx';
import { Select } from '../../atoms/select/select.tsx';
import { Textarea } from '../../atoms/textarea/textarea.tsx';
import { FormField } from './form-field.tsx';

const meta = {
  title: 'Molecules/FormField',
  component: FormField,
  args: { label: 'Email address', children: <Input type="email" autoComplete="email" /> },
  decorators: [(Story) => <div style={{ maxWidth: 380 }}>{Story()}</div>],
} satisfies Meta<typeof FormField>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByLabelText('Email address')).toBeVisible();
  },
};

export const WithHint: Story = {
  args: { hint: 'We send the receipt and delivery updates here.' },
  play: async ({ canvasElement }) => {
    const input = within(canvasElement).getByRole('textbox', { name: 'Email address' });
    await expect(input).toHaveAccessibleDescription('We send the receipt and delivery updates here.');
  },
};

export const Required: Story = {
  args: { required: true },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('textbox')).toBeRequired();
  },
};

export const Optional: Story = {
  args: { label: 'Company', markOptional: true, children: <Input autoComplete="organization" /> },
};

/** A client check or a server userError: the message is read with the field and the field is marked invalid. */
export const WithError: Story = {
  args: {
    hint: 'We send the receipt and delivery updates here.',
    error: 'Enter an email address like name@example.com.',
    children: <Input type="email" defaultValue="ada@" />,
  },
  play: async ({ canvasElement }) => {
    const input = within(canvasElement).getByRole('textbox', { name: 'Email address' });
    await expect(input).toBeInvalid();
    await expect(input).toHaveAccessibleDescription(
      'We send the receipt and delivery updates here. Enter an email address like name@example.com.',
    );
  },
};

export const Disabled: Story = { args: { disabled: true, children: <Input defaultValue="ada@example.com" /> } };

export const WithSelect: Story = {
  args: {
    label: 'Country',
    required: true,
    children: (
      <Select
        placeholder="Choose a country"
        options={[
          { value: 'DE', label: 'Germany' },
          { value: 'FR', label: 'France' },
        ]}
      />
    ),
  },
};

export const WithTextarea: Story = {
  args: {
    label: 'Order note',
    markOptional: true,
    hint: 'Shown to the warehouse team.',
    children: <Textarea rows={3} />,
  },
};
