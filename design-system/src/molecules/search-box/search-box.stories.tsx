import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { SearchBox, type SearchSuggestion } from './search-box.tsx';

const catalog: SearchSuggestion[] = [
  { id: '1', label: 'Trail running shoes', description: 'in Footwear' },
  { id: '2', label: 'Trail running vest', description: 'in Packs' },
  { id: '3', label: 'Trekking poles', description: 'in Gear' },
  { id: '4', label: 'Travel towel', description: 'in Camping' },
];

const meta = {
  title: 'Molecules/SearchBox',
  component: SearchBox,
  args: { onSearch: fn(), onSuggestionSelect: fn() },
  decorators: [(Story) => <div style={{ maxWidth: 480, minHeight: 280 }}>{Story()}</div>],
} satisfies Meta<typeof SearchBox>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('search')).toBeVisible();
    const field = canvas.getByRole('combobox', { name: 'Search' });
    await userEvent.type(field, '  tent {Enter}');
    await expect(args.onSearch).toHaveBeenCalledWith('tent');
  },
};

export const WithValue: Story = {
  args: { defaultValue: 'rain jacket' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Clear search' }));
    await expect(canvas.getByRole('combobox')).toHaveValue('');
  },
};

function Suggesting(args: Parameters<typeof SearchBox>[0]) {
  const [query, setQuery] = useState('');
  const matches = query ? catalog.filter((item) => item.label.toLowerCase().includes(query.toLowerCase())) : [];
  return <SearchBox {...args} value={query} onValueChange={setQuery} suggestions={matches} />;
}

export const WithSuggestions: Story = {
  render: (args) => <Suggesting {...args} />,
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    const field = canvas.getByRole('combobox');
    await userEvent.type(field, 'tr');
    await expect(field).toHaveAttribute('aria-expanded', 'true');
    await expect(canvas.getAllByRole('option')).toHaveLength(4);
    // ↓ ↓ highlights the second suggestion; Enter picks it
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    await expect(canvas.getByRole('option', { name: /Trail running vest/ })).toHaveAttribute('aria-selected', 'true');
    await expect(field).toHaveAttribute('aria-activedescendant', canvas.getByRole('option', { name: /vest/ }).id);
    await userEvent.keyboard('{Enter}');
    await expect(args.onSuggestionSelect).toHaveBeenCalledWith(catalog[1]);
    await expect(field).toHaveValue('Trail running vest');
    await expect(field).toHaveAttribute('aria-expanded', 'false');
    await expect(args.onSearch).not.toHaveBeenCalled();
  },
};

export const EscapeClosesThenClears: Story = {
  render: (args) => <Suggesting {...args} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const field = canvas.getByRole('combobox');
    await userEvent.type(field, 'tre');
    await waitFor(() => expect(field).toHaveAttribute('aria-expanded', 'true'));
    await userEvent.keyboard('{Escape}');
    await expect(field).toHaveAttribute('aria-expanded', 'false');
    await expect(field).toHaveValue('tre');
    await userEvent.keyboard('{Escape}');
    await expect(field).toHaveValue('');
  },
};

export const Loading: Story = { args: { defaultValue: 'boots', loading: true } };

export const Large: Story = { args: { size: 'lg', placeholder: 'What are you looking for?' } };
