'use client';
import { Alert, Button, QuantityStepper, Radio, RadioGroup } from '@meridian/design-system';
import { type FormEvent, useMemo, useState, useTransition } from 'react';
import { addToCart } from '../actions/cart.ts';
import { priceView } from '../lib/your-price.ts';
import { useCart } from './cart-context.tsx';
import { useYourPrices, VariantPrice } from './your-price.tsx';

export interface PurchaseVariant {
  id: string;
  title: string;
  options: Record<string, string>;
  price: { amount: number; currency: string } | null;
  compareAt: { amount: number; currency: string } | null;
  available: number;
}

export interface PurchaseOption {
  name: string;
  values: readonly string[];
}

/** Label and state for how many are left. */
function availabilityOf(variant: PurchaseVariant | undefined, priced: boolean) {
  if (!variant) return { text: 'Choose the options above.', state: 'unknown' as const };
  if (!priced) return { text: 'Not sold in this currency.', state: 'unavailable' as const };
  if (variant.available <= 0) return { text: 'Out of stock', state: 'out-of-stock' as const };
  if (variant.available <= 5) return { text: `Only ${variant.available} left`, state: 'low-stock' as const };
  return { text: 'In stock', state: 'in-stock' as const };
}

/**
 * The product page's buying form: one radio group per option (values no variant offers are disabled), the price and
 * availability of the chosen variant, quantity, and "Add to cart". The server decides: its refusal shows here.
 * A signed-in shopper in a customer group sees their own price once it has loaded (the page is cached and public).
 */
export function PurchaseForm({
  productId,
  currency,
  options,
  variants,
  productName,
}: {
  productId: string;
  /** The page's currency: the one its public prices are in. */
  currency: string;
  options: readonly PurchaseOption[];
  variants: readonly PurchaseVariant[];
  productName: string;
}) {
  const initial = variants.find((v) => v.available > 0 && v.price) ?? variants[0];
  const [chosen, setChosen] = useState<Record<string, string>>(initial?.options ?? {});
  const [quantity, setQuantity] = useState(1);
  const [error, setError] = useState<string | undefined>();
  const [adding, startAdding] = useTransition();
  const cart = useCart();
  const yourPrices = useYourPrices(productId, currency);
  const variant = useMemo(
    () => variants.find((v) => options.every((o) => v.options[o.name] === chosen[o.name])),
    [variants, options, chosen],
  );
  const price = variant ? priceView(variant.price, variant.compareAt, yourPrices?.[variant.id]) : null;
  const availability = availabilityOf(variant, price !== null);
  const buyable = availability.state === 'in-stock' || availability.state === 'low-stock';

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!variant) return setError('Choose the options above.');
    if (!buyable) return setError(`${productName} (${variant.title}) is out of stock.`);
    setError(undefined);
    startAdding(async () => {
      try {
        const result = await addToCart({ variantId: variant.id, quantity, currency: price?.price.currency ?? null });
        if (!result.ok) setError(result.message);
        cart.apply(result, { open: result.ok });
      } catch {
        setError('We could not reach the store. Your cart is unchanged: try again in a moment.');
      }
    });
  };

  return (
    <form className="sf-purchase" onSubmit={submit} noValidate data-availability={availability.state}>
      {price ? <VariantPrice view={price} /> : null}
      {options
        .filter((o) => o.values.length > 1 || variants.length > 1)
        .map((option) => (
          <RadioGroup
            key={option.name}
            legend={option.name}
            orientation="horizontal"
            value={chosen[option.name] ?? ''}
            onValueChange={(value) => {
              setChosen({ ...chosen, [option.name]: value });
              setError(undefined);
            }}
          >
            {option.values.map((value) => {
              const exists = variants.some(
                (v) =>
                  v.options[option.name] === value &&
                  options.every((o) => o.name === option.name || v.options[o.name] === chosen[o.name]),
              );
              return (
                <Radio
                  key={value}
                  value={value}
                  label={value.charAt(0).toUpperCase() + value.slice(1)}
                  disabled={!exists}
                />
              );
            })}
          </RadioGroup>
        ))}
      <p className="sf-purchase__availability" data-state={availability.state} role="status">
        {availability.text}
      </p>
      <QuantityStepper
        label="Quantity"
        value={quantity}
        min={1}
        max={Math.max(1, Math.min(99, variant?.available ?? 1))}
        onValueChange={setQuantity}
        disabled={!buyable}
      />
      {error ? (
        <Alert tone="danger" announce title="Not added to your cart">
          {error}
        </Alert>
      ) : null}
      <Button type="submit" size="lg" fullWidth startIcon="cart" loading={adding} disabled={!buyable}>
        {buyable ? 'Add to cart' : 'Out of stock'}
      </Button>
    </form>
  );
}
