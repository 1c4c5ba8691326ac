import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { Select } from './select.tsx';

const sortOptions = [
  { value: 'relevance', label: 'Most relevant' },
  { value: 'price-asc', label: 'Price: low to high' },
  { value: 'price-desc', label: 'Price: high to low' },
  { value: 'newest', label: 'Newest' },
];

const meta = {
  title: 'Atoms/Select',
  component: Select,
  args: { 'aria-label': 'Sort by', options: sortOptions, onChange: fn() },
  decorators: [(Story) => <div style={{ maxWidth: 280 }}>{Story()}</div>],
} satisfies Meta<typeof Select>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  args: { defaultValue: 'relevance' },
  play: async ({ args, canvasElement }) => {
    const select = within(canvasElement).getByRole('combobox', { name: 'Sort by' });
    await userEvent.selectOptions(select, 'price-asc');
    await expect(select).toHaveValue('price-asc');
    await expect(args.onChange).toHaveBeenCalled();
  },
};

export const Placeholder: Story = {
  args: {
    'aria-label': 'Country',
    placeholder: 'Choose a country',
    options: [
      { value: 'DE', label: 'Germany' },
      { value: 'FR', label: 'France' },
      { value: 'GB', label: 'United Kingdom' },
    ],
  },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('combobox')).toHaveValue('');
  },
};

export const Invalid: Story = { args: { invalid: true, placeholder: 'Choose a sort order' } };

export const Disabled: Story = { args: { disabled: true, defaultValue: 'newest' } };

export const DisabledOption: Story = {
  args: { options: [...sortOptions, { value: 'rating', label: 'Best rated (coming soon)', disabled: true }] },
};

export const Small: Story = { args: { size: 'sm' } };
