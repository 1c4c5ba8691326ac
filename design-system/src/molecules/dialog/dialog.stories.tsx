import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { Button } from '../../atoms/button/button.tsx';
import { Input } from '../../atoms/input/input.tsx';
import { FormField } from '../form-field/form-field.tsx';
import { Dialog, type DialogProps } from './dialog.tsx';

const meta = {
  title: 'Molecules/Dialog',
  component: Dialog,
  args: {
    open: true,
    onClose: fn(),
    title: 'Remove this address?',
    description: 'It will no longer be offered at checkout.',
    children: <p style={{ margin: 0 }}>12 Harbour Street, Leith, Edinburgh EH6 6LD</p>,
  },
} satisfies Meta<typeof Dialog>;
export default meta;
type Story = StoryObj<typeof meta>;

function Opener(args: DialogProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Remove address
      </Button>
      <Dialog
        {...args}
        open={open}
        onClose={() => setOpen(false)}
        footer={
          <>
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Keep it
            </Button>
            <Button variant="danger" onClick={() => setOpen(false)}>
              Remove
            </Button>
          </>
        }
      />
    </>
  );
}

/** Opened from a button: focus moves in, Escape closes, focus returns to the button. */
export const OpenAndClose: Story = {
  args: { open: false },
  render: (args) => <Opener {...args} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const opener = canvas.getByRole('button', { name: 'Remove address' });
    await userEvent.click(opener);
    const dialog = await canvas.findByRole('dialog', { name: 'Remove this address?' });
    await expect(dialog).toHaveAccessibleDescription('It will no longer be offered at checkout.');
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog')).toBeNull());
    await expect(opener).toHaveFocus();
  },
};

export const Open: Story = {
  args: {
    footer: (
      <>
        <Button variant="ghost">Keep it</Button>
        <Button variant="danger">Remove</Button>
      </>
    ),
  },
  play: async ({ args, canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Close' }));
    await expect(args.onClose).toHaveBeenCalledOnce();
  },
};

export const WithForm: Story = {
  args: {
    title: 'Rename list',
    description: undefined,
    size: 'sm',
    children: (
      <FormField label="List name" required>
        <Input defaultValue="Summer trip" />
      </FormField>
    ),
    footer: <Button type="submit">Save</Button>,
  },
};

export const Large: Story = {
  args: {
    size: 'lg',
    title: 'Size guide',
    description: 'Foot length in centimetres.',
    children: <p style={{ margin: 0 }}>EU 40 = 25.0 cm · EU 41 = 25.7 cm · EU 42 = 26.5 cm · EU 43 = 27.2 cm</p>,
  },
};

/** A required decision: no close button, Escape does nothing. */
export const NotDismissible: Story = {
  args: {
    dismissible: false,
    title: 'Your session expired',
    description: 'Sign in again to continue. Your cart is saved.',
    children: null,
    footer: <Button>Sign in</Button>,
  },
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.queryByRole('button', { name: 'Close' })).toBeNull();
    await userEvent.keyboard('{Escape}');
    await expect(args.onClose).not.toHaveBeenCalled();
    await expect(canvas.getByRole('dialog')).toBeVisible();
  },
};

export const SideSheet: Story = {
  args: { placement: 'end', title: 'Filters', description: undefined, children: <p>Filter controls</p> },
};
