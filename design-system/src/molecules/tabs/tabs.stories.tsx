import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { Tabs } from './tabs.tsx';

const tabs = [
  {
    id: 'description',
    label: 'Description',
    content: <p style={{ margin: 0 }}>A light trail shoe with a grippy outsole.</p>,
  },
  {
    id: 'specs',
    label: 'Specifications',
    content: <p style={{ margin: 0 }}>Drop 6 mm · 280 g · recycled mesh upper.</p>,
  },
  { id: 'reviews', label: 'Reviews (24)', content: <p style={{ margin: 0 }}>4.6 out of 5 from 24 reviews.</p> },
];

const meta = {
  title: 'Molecules/Tabs',
  component: Tabs,
  args: { tabs, label: 'Product details', onValueChange: fn() },
} satisfies Meta<typeof Tabs>;
export default meta;
type Story = StoryObj<typeof meta>;

export const FirstSelected: Story = {
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('tab', { name: 'Description' })).toHaveAttribute('aria-selected', 'true');
    await expect(canvas.getByRole('tabpanel', { name: 'Description' })).toHaveTextContent('grippy outsole');
    // keyboard: one tab stop, arrows move and select, Home/End jump
    await userEvent.tab();
    await expect(canvas.getByRole('tab', { name: 'Description' })).toHaveFocus();
    await userEvent.keyboard('{ArrowRight}');
    await expect(canvas.getByRole('tab', { name: 'Specifications' })).toHaveFocus();
    await expect(canvas.getByRole('tabpanel')).toHaveTextContent('Drop 6 mm');
    await expect(args.onValueChange).toHaveBeenLastCalledWith('specs');
    await userEvent.keyboard('{End}');
    await expect(canvas.getByRole('tab', { name: 'Reviews (24)' })).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{ArrowRight}');
    await expect(canvas.getByRole('tab', { name: 'Description' })).toHaveFocus();
    // Tab leaves the list for the panel
    await userEvent.tab();
    await expect(canvas.getByRole('tabpanel')).toHaveFocus();
  },
};

export const OtherSelected: Story = { args: { defaultValue: 'reviews' } };

/** Manual activation: arrows move focus, Enter shows the panel. */
export const ManualActivation: Story = {
  args: { activation: 'manual' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('tab', { name: 'Description' }));
    await userEvent.keyboard('{ArrowRight}');
    await expect(canvas.getByRole('tab', { name: 'Specifications' })).toHaveFocus();
    await expect(canvas.getByRole('tab', { name: 'Specifications' })).toHaveAttribute('aria-selected', 'false');
    await userEvent.keyboard('{Enter}');
    await expect(canvas.getByRole('tab', { name: 'Specifications' })).toHaveAttribute('aria-selected', 'true');
  },
};

export const WithDisabledTab: Story = {
  args: { tabs: [...tabs, { id: 'qa', label: 'Questions', content: null, disabled: true }] },
};
