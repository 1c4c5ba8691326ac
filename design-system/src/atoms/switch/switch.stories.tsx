import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, within } from 'storybook/test';
import { Switch } from './switch.tsx';

const meta = {
  title: 'Atoms/Switch',
  component: Switch,
  args: { label: 'Show prices with tax' },
} satisfies Meta<typeof Switch>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Off: Story = {
  play: async ({ canvasElement }) => {
    const toggle = within(canvasElement).getByRole('switch', { name: 'Show prices with tax' });
    await expect(toggle).not.toBeChecked();
    await userEvent.click(toggle);
    await expect(toggle).toBeChecked();
    await userEvent.keyboard(' ');
    await expect(toggle).not.toBeChecked();
  },
};

export const On: Story = { args: { defaultChecked: true } };

export const Controlled: Story = {
  render: function Render(args) {
    const [on, setOn] = useState(false);
    return <Switch {...args} checked={on} onChange={(event) => setOn(event.currentTarget.checked)} />;
  },
  play: async ({ canvasElement }) => {
    const toggle = within(canvasElement).getByRole('switch');
    await userEvent.click(toggle);
    await expect(toggle.closest('[data-state]')).toHaveAttribute('data-state', 'on');
  },
};

export const WithDescription: Story = {
  args: { label: 'Two-step sign-in', description: 'Ask for a code from your authenticator app when signing in.' },
};

export const Disabled: Story = { args: { disabled: true, defaultChecked: true } };
