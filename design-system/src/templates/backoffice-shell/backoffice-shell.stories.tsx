import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { Badge, type BadgeTone } from '../../atoms/badge/badge.tsx';
import { Button } from '../../atoms/button/button.tsx';
import { Link } from '../../atoms/link/link.tsx';
import { Price } from '../../atoms/price/price.tsx';
import { DropdownMenu } from '../../molecules/dropdown-menu/dropdown-menu.tsx';
import { DataTable } from '../../organisms/data-table/data-table.tsx';
import { SideNav } from '../../organisms/side-nav/side-nav.tsx';
import { type DemoOrder, demoBackofficeSections, demoOrders } from '../../utils/demo-data.ts';
import { BackofficeShell } from './backoffice-shell.tsx';

const tones: Record<DemoOrder['status'], BadgeTone> = {
  Paid: 'success',
  Shipped: 'info',
  Delivered: 'neutral',
  Refunded: 'danger',
  'Awaiting payment': 'warning',
};

const meta = {
  title: 'Templates/BackofficeShell',
  component: BackofficeShell,
  parameters: { bleed: true },
  args: {
    brand: 'Acme Outdoor Co.',
    navigation: <SideNav sections={demoBackofficeSections('orders')} />,
    title: 'Orders',
    topBarActions: (
      <DropdownMenu
        label="Ada Lovelace"
        icon="user"
        variant="ghost"
        align="end"
        items={[
          { id: 'profile', label: 'Profile' },
          { id: 'sign-out', label: 'Sign out', icon: 'logout' },
        ]}
      />
    ),
    pageActions: <Button startIcon="plus">Create order</Button>,
    children: (
      <DataTable<DemoOrder>
        caption="Orders"
        hideCaption
        itemName="orders"
        rows={demoOrders}
        getRowId={(o) => o.id}
        columns={[
          {
            id: 'number',
            header: 'Order',
            rowHeader: true,
            sortable: true,
            value: (o) => o.number,
            cell: (o) => <Link href={`#${o.id}`}>{o.number}</Link>,
          },
          { id: 'date', header: 'Date', sortable: true, value: (o) => o.date },
          { id: 'customer', header: 'Customer', sortable: true, value: (o) => o.customer },
          {
            id: 'status',
            header: 'Status',
            value: (o) => o.status,
            cell: (o) => <Badge tone={tones[o.status]}>{o.status}</Badge>,
          },
          {
            id: 'total',
            header: 'Total',
            sortable: true,
            align: 'end',
            value: (o) => o.total.amount,
            cell: (o) => <Price price={o.total} size="sm" />,
          },
        ]}
      />
    ),
  },
} satisfies Meta<typeof BackofficeShell>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Desktop: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
    await expect(canvas.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(canvas.getAllByRole('main')).toHaveLength(1);
  },
};

export const Dashboard: Story = {
  args: {
    title: 'Dashboard',
    navigation: <SideNav sections={demoBackofficeSections('dashboard')} />,
    pageActions: undefined,
    children: (
      <ul
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fit, minmax(12rem, 1fr))',
          gap: '1rem',
          listStyle: 'none',
          margin: 0,
          padding: 0,
        }}
      >
        {[
          ['Revenue today', '€4,210.50'],
          ['Orders today', '37'],
          ['Awaiting shipment', '12'],
          ['Low stock items', '5'],
        ].map(([label, value]) => (
          <li
            key={label}
            style={{
              padding: '1rem',
              border: '1px solid var(--mds-color-border)',
              borderRadius: 'var(--mds-radius-md)',
              background: 'var(--mds-color-surface)',
            }}
          >
            <p style={{ margin: 0, color: 'var(--mds-color-text-muted)', fontSize: 'var(--mds-text-sm)' }}>{label}</p>
            <p style={{ margin: '0.25rem 0 0', fontSize: 'var(--mds-text-2xl)', fontWeight: 650 }}>{value}</p>
          </li>
        ))}
      </ul>
    ),
  },
};

/** A narrow window: the navigation is a drawer behind the menu button. */
export const Narrow: Story = {
  decorators: [(Story) => <div style={{ width: 420 }}>{Story()}</div>],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const toggle = canvas.getByRole('button', { name: 'Navigation' });
    await expect(canvas.queryByRole('navigation', { name: 'Main' })).toBeNull();
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(canvas.getByRole('navigation', { name: 'Main' })).toBeVisible();
  },
};
