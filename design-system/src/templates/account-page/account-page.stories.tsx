import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { Badge } from '../../atoms/badge/badge.tsx';
import { Button } from '../../atoms/button/button.tsx';
import { Link } from '../../atoms/link/link.tsx';
import { Price } from '../../atoms/price/price.tsx';
import { EmptyState } from '../../molecules/empty-state/empty-state.tsx';
import { DataTable } from '../../organisms/data-table/data-table.tsx';
import { SideNav, type SideNavItem } from '../../organisms/side-nav/side-nav.tsx';
import { type DemoOrder, demoOrders } from '../../utils/demo-data.ts';
import { AccountPage } from './account-page.tsx';

const nav = (current: string) => (
  <SideNav
    aria-label="Account"
    sections={[
      {
        id: 'account',
        items: (
          [
            { id: 'orders', label: 'Orders', href: '#orders', icon: 'package' },
            { id: 'addresses', label: 'Addresses', href: '#addresses', icon: 'home' },
            { id: 'profile', label: 'Profile', href: '#profile', icon: 'user' },
            { id: 'security', label: 'Sign-in and security', href: '#security', icon: 'lock' },
          ] satisfies SideNavItem[]
        ).map((item) => ({ ...item, current: item.id === current })),
      },
    ]}
  />
);

const orders = demoOrders.filter((order) => order.customer === 'Ada Lovelace');

const meta = {
  title: 'Templates/AccountPage',
  component: AccountPage,
  args: {
    title: 'Orders',
    greeting: 'Signed in as ada@example.com',
    navigation: nav('orders'),
    children: (
      <DataTable<DemoOrder>
        caption="Your orders"
        hideCaption
        itemName="orders"
        filterable={false}
        rows={orders}
        getRowId={(order) => order.id}
        defaultSort={{ columnId: 'date', direction: 'descending' }}
        columns={[
          {
            id: 'number',
            header: 'Order',
            rowHeader: true,
            value: (o) => o.number,
            cell: (o) => <Link href={`#${o.id}`}>{o.number}</Link>,
          },
          { id: 'date', header: 'Placed', sortable: true, value: (o) => o.date },
          { id: 'status', header: 'Status', value: (o) => o.status, cell: (o) => <Badge>{o.status}</Badge> },
          {
            id: 'total',
            header: 'Total',
            align: 'end',
            value: (o) => o.total.amount,
            cell: (o) => <Price price={o.total} size="sm" />,
          },
        ]}
      />
    ),
  },
} satisfies Meta<typeof AccountPage>;
export default meta;
type Story = StoryObj<typeof meta>;

export const OrderHistory: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
    await expect(canvas.getByRole('link', { name: 'Orders' })).toHaveAttribute('aria-current', 'page');
    await expect(canvas.getByRole('table', { name: 'Your orders' })).toBeVisible();
  },
};

export const NoOrders: Story = {
  args: {
    children: (
      <EmptyState
        icon="package"
        title="No orders yet"
        description="When you buy something, you can follow it here."
        action={<Button>Start shopping</Button>}
      />
    ),
  },
};

export const Addresses: Story = {
  args: {
    title: 'Addresses',
    navigation: nav('addresses'),
    actions: <Button startIcon="plus">Add address</Button>,
    children: (
      <address
        style={{
          fontStyle: 'normal',
          padding: '1rem',
          border: '1px solid var(--mds-color-border)',
          borderRadius: 'var(--mds-radius-md)',
        }}
      >
        Ada Lovelace
        <br />
        12 Harbour Street
        <br />
        Edinburgh EH6 6LD
        <br />
        United Kingdom
      </address>
    ),
  },
};
