import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, within } from 'storybook/test';
import { Radio, RadioGroup } from './radio.tsx';

const meta = {
  title: 'Atoms/Radio',
  component: RadioGroup,
  args: { legend: 'Delivery', children: null },
} satisfies Meta<typeof RadioGroup>;
export default meta;
type Story = StoryObj<typeof meta>;

function Options() {
  return (
    <>
      <Radio value="standard" label="Standard" description="3–5 working days · free" />
      <Radio value="express" label="Express" description="Next working day · €9.90" />
      <Radio value="pickup" label="Pick up in store" description="Ready in 2 hours" />
    </>
  );
}

export const Unselected: Story = {
  render: (args) => (
    <RadioGroup {...args}>
      <Options />
    </RadioGroup>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('group', { name: 'Delivery' })).toBeVisible();
    await userEvent.click(canvas.getByText('Express'));
    await expect(canvas.getByRole('radio', { name: 'Express' })).toBeChecked();
    // keyboard: arrows move the selection within the group
    await userEvent.keyboard('{ArrowDown}');
    await expect(canvas.getByRole('radio', { name: 'Pick up in store' })).toBeChecked();
    await expect(canvas.getByRole('radio', { name: 'Pick up in store' })).toHaveFocus();
  },
};

export const Controlled: Story = {
  render: function Render(args) {
    const [value, setValue] = useState('standard');
    return (
      <RadioGroup {...args} value={value} onValueChange={setValue}>
        <Options />
        <output style={{ marginTop: '0.5rem' }}>Chosen: {value}</output>
      </RadioGroup>
    );
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('radio', { name: 'Pick up in store' }));
    await expect(canvas.getByText('Chosen: pickup')).toBeVisible();
  },
};

export const Horizontal: Story = {
  args: { legend: 'Size', orientation: 'horizontal' },
  render: (args) => (
    <RadioGroup {...args}>
      {['S', 'M', 'L', 'XL'].map((size) => (
        <Radio key={size} value={size} label={size} defaultChecked={size === 'M'} />
      ))}
    </RadioGroup>
  ),
};

export const WithHintAndError: Story = {
  args: { hint: 'We ship to the EU and the UK.', error: 'Choose a delivery option.' },
  render: (args) => (
    <RadioGroup {...args}>
      <Options />
    </RadioGroup>
  ),
  play: async ({ canvasElement }) => {
    const group = within(canvasElement).getByRole('group');
    await expect(group).toHaveAccessibleDescription('We ship to the EU and the UK. Choose a delivery option.');
  },
};

export const Disabled: Story = {
  args: { disabled: true },
  render: (args) => (
    <RadioGroup {...args}>
      <Options />
    </RadioGroup>
  ),
};
