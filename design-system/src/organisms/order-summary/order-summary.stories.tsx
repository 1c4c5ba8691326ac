import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { demoCartLines } from '../../utils/demo-data.ts';
import { OrderSummary } from './order-summary.tsx';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const lines = demoCartLines.map((line) => ({
  id: line.id,
  name: line.name,
  variant: line.variant,
  quantity: line.quantity,
  image: line.image,
  total: line.lineTotal,
}));

const meta = {
  title: 'Organisms/OrderSummary',
  component: OrderSummary,
  args: { lines, subtotal: eur(17700), total: eur(17700) },
  decorators: [(Story) => <div style={{ maxWidth: 400 }}>{Story()}</div>],
} satisfies Meta<typeof OrderSummary>;
export default meta;
type Story = StoryObj<typeof meta>;

export const BeforeShipping: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('region', { name: 'Order summary' })).toBeVisible();
    await expect(canvas.getByText('Calculated at the next step')).toBeVisible();
  },
};

export const WithShippingAndTax: Story = { args: { shipping: eur(490), tax: eur(2904), total: eur(21094) } };

export const TaxIncluded: Story = { args: { shipping: eur(0), tax: eur(2826), taxIncluded: true } };

export const WithDiscount: Story = {
  args: { discounts: [{ label: 'Code SPRING10', amount: eur(1770) }], shipping: eur(0), total: eur(15930) },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Code SPRING10')).toBeVisible();
  },
};

export const Recalculating: Story = { args: { shipping: eur(490), loading: true } };
