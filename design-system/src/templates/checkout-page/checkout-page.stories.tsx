import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, within } from 'storybook/test';
import { Button } from '../../atoms/button/button.tsx';
import { Radio, RadioGroup } from '../../atoms/radio/radio.tsx';
import { Alert } from '../../molecules/alert/alert.tsx';
import { AddressForm } from '../../organisms/address-form/address-form.tsx';
import { CheckoutSteps } from '../../organisms/checkout-steps/checkout-steps.tsx';
import { OrderSummary } from '../../organisms/order-summary/order-summary.tsx';
import { demoCartLines, demoCountries } from '../../utils/demo-data.ts';
import { CheckoutPage } from './checkout-page.tsx';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const steps = [
  { id: 'address', label: 'Address', href: '#address' },
  { id: 'shipping', label: 'Shipping', href: '#shipping' },
  { id: 'payment', label: 'Payment', href: '#payment' },
];
const summary = (shipping: ReturnType<typeof eur> | null) => (
  <OrderSummary
    lines={demoCartLines.map((line) => ({
      id: line.id,
      name: line.name,
      variant: line.variant,
      quantity: line.quantity,
      image: line.image,
      total: line.lineTotal,
    }))}
    subtotal={eur(17700)}
    shipping={shipping}
    total={eur(17700 + (shipping?.amount ?? 0))}
  />
);

const meta = {
  title: 'Templates/CheckoutPage',
  component: CheckoutPage,
  parameters: { bleed: true },
  args: {
    brand: <a href="#home">Acme Outdoor Co.</a>,
    steps: <CheckoutSteps steps={steps} current="address" />,
    summary: summary(null),
    children: (
      <AddressForm
        countries={demoCountries}
        legend="Shipping address"
        submitLabel="Continue to shipping"
        withPhone
        onSubmit={fn()}
      />
    ),
  },
} satisfies Meta<typeof CheckoutPage>;
export default meta;
type Story = StoryObj<typeof meta>;

export const AddressStep: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('main')).toBeVisible();
    await expect(canvas.getByRole('complementary', { name: 'Your order' })).toBeVisible();
    await expect(canvas.queryByRole('navigation', { name: 'Main' })).toBeNull();
  },
};

export const ShippingStep: Story = {
  args: {
    steps: <CheckoutSteps steps={steps} current="shipping" />,
    summary: summary(eur(490)),
    children: (
      <form style={{ display: 'grid', gap: '1.5rem' }} onSubmit={(event) => event.preventDefault()}>
        <RadioGroup legend="Shipping method">
          <Radio value="standard" label="Standard · €4.90" description="3–5 working days" defaultChecked />
          <Radio value="express" label="Express · €12.90" description="Next working day" />
        </RadioGroup>
        <Button type="submit" style={{ justifySelf: 'start' }}>
          Continue to payment
        </Button>
      </form>
    ),
  },
};

/** The test provider declined the card: the reason above the form, the cart untouched. */
export const PaymentDeclined: Story = {
  args: {
    steps: <CheckoutSteps steps={steps} current="payment" />,
    summary: summary(eur(490)),
    notice: (
      <Alert tone="danger" announce title="Your card was declined">
        Nothing was charged and your cart is saved. Try another card or payment method.
      </Alert>
    ),
    children: <Button size="lg">Pay €181.90</Button>,
  },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('alert')).toHaveTextContent('Your card was declined');
  },
};
