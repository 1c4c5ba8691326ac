/**
 * The footer's currency choice among the shop's currencies, the one shown selected (the shop's default until the
 * shopper picks one): a plain form to /api/currency (works without JavaScript).
 */
export function CurrencyPicker({ current, currencies }: { current: string; currencies: readonly string[] }) {
  return (
    <form action="/api/currency" method="post" className="sf-currency">
      <label htmlFor="sf-currency">Currency</label>
      <select id="sf-currency" name="currency" defaultValue={current} className="mds-control" data-size="sm">
        {currencies.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <button type="submit" className="mds-button" data-variant="secondary" data-size="sm">
        Change
      </button>
    </form>
  );
}
