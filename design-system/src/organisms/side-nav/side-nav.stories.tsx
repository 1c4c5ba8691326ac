import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { demoBackofficeSections } from '../../utils/demo-data.ts';
import { SideNav } from './side-nav.tsx';

const meta = {
  title: 'Organisms/SideNav',
  component: SideNav,
  args: { sections: demoBackofficeSections('orders') },
  decorators: [(Story) => <div style={{ width: 260 }}>{Story()}</div>],
} satisfies Meta<typeof SideNav>;
export default meta;
type Story = StoryObj<typeof meta>;

export const CurrentPage: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(canvas.getByRole('link', { name: 'Orders 12' })).toHaveAttribute('aria-current', 'page');
    // a group is a disclosure button
    const catalog = canvas.getByRole('button', { name: 'Catalog' });
    await expect(catalog).toHaveAttribute('aria-expanded', 'false');
    // keyboard: Enter on the group opens it
    catalog.focus();
    await userEvent.keyboard('{Enter}');
    await expect(catalog).toHaveAttribute('aria-expanded', 'true');
    await expect(canvas.getByRole('link', { name: 'Price lists' })).toBeVisible();
  },
};

/** The current page is inside a group: the group starts open. */
export const CurrentInGroup: Story = {
  args: { sections: demoBackofficeSections('categories') },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('button', { name: 'Catalog' })).toHaveAttribute('aria-expanded', 'true');
    await expect(canvas.getByRole('link', { name: 'Categories' })).toHaveAttribute('aria-current', 'page');
  },
};

export const Collapsed: Story = {
  args: { collapsed: true },
  decorators: [(Story) => <div style={{ width: 64 }}>{Story()}</div>],
  play: async ({ canvasElement }) => {
    // labels are hidden visually but still name the links
    await expect(within(canvasElement).getByRole('link', { name: 'Dashboard' })).toBeVisible();
  },
};

export const Account: Story = {
  args: {
    'aria-label': 'Account',
    sections: [
      {
        id: 'account',
        items: [
          { id: 'orders', label: 'Orders', href: '#orders', icon: 'package', current: true },
          { id: 'addresses', label: 'Addresses', href: '#addresses', icon: 'home' },
          { id: 'profile', label: 'Profile', href: '#profile', icon: 'user' },
          { id: 'security', label: 'Sign-in and security', href: '#security', icon: 'lock' },
        ],
      },
    ],
  },
};
