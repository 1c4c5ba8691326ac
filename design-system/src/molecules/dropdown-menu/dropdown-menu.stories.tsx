import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { DropdownMenu } from './dropdown-menu.tsx';

const edit = fn();
const duplicate = fn();
const archive = fn();
const remove = fn();

const meta = {
  title: 'Molecules/DropdownMenu',
  component: DropdownMenu,
  args: {
    label: 'Actions',
    items: [
      { id: 'edit', label: 'Edit', icon: 'sliders', onSelect: edit },
      { id: 'duplicate', label: 'Duplicate', onSelect: duplicate },
      { id: 'archive', label: 'Archive', onSelect: archive },
      { type: 'separator', id: 'sep' },
      { id: 'delete', label: 'Delete', icon: 'trash', tone: 'danger', onSelect: remove },
    ],
  },
  decorators: [(Story) => <div style={{ minHeight: 240 }}>{Story()}</div>],
} satisfies Meta<typeof DropdownMenu>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Closed: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const trigger = canvas.getByRole('button', { name: 'Actions' });
    await expect(trigger).toHaveAttribute('aria-expanded', 'false');
    // keyboard: Enter opens on the first item, ↓ moves, Enter chooses and focus returns to the button
    trigger.focus();
    await userEvent.keyboard('{Enter}');
    await expect(canvas.getByRole('menuitem', { name: 'Edit' })).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    await expect(canvas.getByRole('menuitem', { name: 'Duplicate' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect(duplicate).toHaveBeenCalledOnce();
    await expect(trigger).toHaveFocus();
    await expect(trigger).toHaveAttribute('aria-expanded', 'false');
  },
};

export const Open: Story = {
  args: { defaultOpen: true },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('menu', { name: 'Actions' })).toBeVisible();
  },
};

/** ↑ opens on the last item, End/Home jump, a letter jumps to the next item starting with it, Escape closes. */
export const KeyboardNavigation: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const trigger = canvas.getByRole('button', { name: 'Actions' });
    trigger.focus();
    await userEvent.keyboard('{ArrowUp}');
    await expect(canvas.getByRole('menuitem', { name: 'Delete' })).toHaveFocus();
    await userEvent.keyboard('{Home}');
    await expect(canvas.getByRole('menuitem', { name: 'Edit' })).toHaveFocus();
    await userEvent.keyboard('a');
    await expect(canvas.getByRole('menuitem', { name: 'Archive' })).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    await expect(trigger).toHaveFocus();
    await expect(canvas.queryByRole('menu')).toBeNull();
  },
};

export const ClickOutsideCloses: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Actions' }));
    await expect(canvas.getByRole('menu')).toBeVisible();
    await userEvent.click(canvasElement.ownerDocument.body);
    await expect(canvas.queryByRole('menu')).toBeNull();
  },
};

export const IconOnly: Story = {
  args: { label: 'More actions for order #1042', icon: 'more', iconOnly: true, variant: 'ghost' },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('button')).toHaveAccessibleName('More actions for order #1042');
  },
};

export const WithDisabledItem: Story = {
  args: {
    defaultOpen: true,
    items: [
      { id: 'refund', label: 'Refund', disabled: true },
      { id: 'resend', label: 'Resend receipt' },
    ],
  },
};
