import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { Button } from '../../atoms/button/button.tsx';
import { Input } from '../../atoms/input/input.tsx';
import { Select } from '../../atoms/select/select.tsx';
import { FormField } from '../../molecules/form-field/form-field.tsx';
import { demoFooterColumns as footerColumns } from '../../utils/demo-data.ts';
import { Footer } from './footer.tsx';

const meta = {
  title: 'Organisms/Footer',
  component: Footer,
  parameters: { bleed: true },
  args: { storeName: 'Acme Outdoor Co.', columns: footerColumns, year: 2026 },
} satisfies Meta<typeof Footer>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('contentinfo')).toBeVisible();
    await expect(canvas.getByRole('navigation', { name: 'Help' })).toBeVisible();
    await expect(canvas.getByText('© 2026 Acme Outdoor Co.')).toBeVisible();
  },
};

export const WithNewsletterAndPickers: Story = {
  args: {
    aside: (
      <form style={{ display: 'grid', gap: '0.75rem' }} onSubmit={(event) => event.preventDefault()}>
        <FormField label="Get 10% off your first order" hint="One email a month. Unsubscribe any time.">
          <Input type="email" autoComplete="email" placeholder="you@example.com" />
        </FormField>
        <Button type="submit" variant="secondary" style={{ justifySelf: 'start' }}>
          Subscribe
        </Button>
      </form>
    ),
    bottom: (
      <div style={{ display: 'flex', gap: '0.5rem' }}>
        <Select
          aria-label="Language"
          size="sm"
          defaultValue="en"
          options={[
            { value: 'en', label: 'English' },
            { value: 'de', label: 'Deutsch' },
          ]}
        />
        <Select
          aria-label="Currency"
          size="sm"
          defaultValue="EUR"
          options={[
            { value: 'EUR', label: 'EUR €' },
            { value: 'GBP', label: 'GBP £' },
          ]}
        />
      </div>
    ),
  },
};

export const Minimal: Story = {
  args: { columns: footerColumns.slice(2), legal: '© 2026 Acme Outdoor Co. · VAT DE123456789' },
};
