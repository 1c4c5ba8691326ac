import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { Badge, type BadgeTone } from '../../atoms/badge/badge.tsx';
import { Link } from '../../atoms/link/link.tsx';
import { Price } from '../../atoms/price/price.tsx';
import { DropdownMenu } from '../../molecules/dropdown-menu/dropdown-menu.tsx';
import { type DemoOrder, demoOrders } from '../../utils/demo-data.ts';
import { type Column, DataTable } from './data-table.tsx';

const tones: Record<DemoOrder['status'], BadgeTone> = {
  Paid: 'success',
  Shipped: 'info',
  Delivered: 'neutral',
  Refunded: 'danger',
  'Awaiting payment': 'warning',
};

const columns: Column<DemoOrder>[] = [
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
  { id: 'items', header: 'Items', sortable: true, align: 'end', value: (o) => o.items },
  {
    id: 'total',
    header: 'Total',
    sortable: true,
    align: 'end',
    value: (o) => o.total.amount,
    cell: (o) => <Price price={o.total} size="sm" />,
  },
  {
    id: 'actions',
    header: 'Actions',
    cell: (o) => (
      <DropdownMenu
        label={`Actions for order ${o.number}`}
        icon="more"
        iconOnly
        variant="ghost"
        align="end"
        items={[
          { id: 'view', label: 'View' },
          { id: 'refund', label: 'Refund', tone: 'danger' },
        ]}
      />
    ),
  },
];

const meta = {
  title: 'Organisms/DataTable',
  component: DataTable<DemoOrder>,
  args: { caption: 'Orders', columns, rows: demoOrders, getRowId: (o: DemoOrder) => o.id, itemName: 'orders' },
} satisfies Meta<typeof DataTable<DemoOrder>>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('table', { name: 'Orders' })).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent('Showing 1–10 of 23 orders');
    // sort: a button in the header; aria-sort on the header cell
    await userEvent.click(canvas.getByRole('button', { name: 'Total' }));
    await expect(canvas.getByRole('columnheader', { name: 'Total' })).toHaveAttribute('aria-sort', 'ascending');
    await expect(canvas.getByRole('status')).toHaveTextContent('sorted by Total ascending');
    await userEvent.click(canvas.getByRole('button', { name: 'Total' }));
    await expect(canvas.getByRole('columnheader', { name: 'Total' })).toHaveAttribute('aria-sort', 'descending');
    // keyboard: the sort buttons are ordinary buttons
    canvas.getByRole('button', { name: 'Customer' }).focus();
    await userEvent.keyboard('{Enter}');
    await expect(canvas.getByRole('columnheader', { name: 'Customer' })).toHaveAttribute('aria-sort', 'ascending');
    // paging
    await userEvent.click(canvas.getByRole('button', { name: 'Next page' }));
    await expect(canvas.getByRole('status')).toHaveTextContent('Showing 11–20 of 23 orders');
  },
};

export const Filtered: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByRole('searchbox', { name: 'Filter orders' }), 'grace');
    await expect(canvas.getByRole('status')).toHaveTextContent('of 4 orders');
    await expect(canvas.getAllByRole('row')).toHaveLength(5);
  },
};

export const SortedByDate: Story = { args: { defaultSort: { columnId: 'date', direction: 'descending' } } };

export const PageSize: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Rows per page' }), '25');
    await expect(canvas.getByRole('status')).toHaveTextContent('Showing 1–23 of 23 orders');
    await expect(canvas.queryByRole('navigation', { name: 'Orders pages' })).toBeNull();
  },
};

export const Loading: Story = { args: { loading: true } };

export const Empty: Story = { args: { rows: [] } };

/** Server-driven (a GraphQL connection): the table reports what to fetch. */
export const Manual: Story = {
  args: { rows: demoOrders.slice(0, 10), manual: { totalRows: 230, onQueryChange: fn() } },
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('status')).toHaveTextContent('Showing 1–10 of 230 orders');
    await userEvent.click(canvas.getByRole('button', { name: 'Customer' }));
    await expect(args.manual?.onQueryChange).toHaveBeenLastCalledWith({
      sort: { columnId: 'customer', direction: 'ascending' },
      filter: '',
      page: 1,
      pageSize: 10,
    });
  },
};
