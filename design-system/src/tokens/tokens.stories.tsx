import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';

/** Token names read from tokens.css at build time, so this page lists what exists and nothing else. */
import css from './tokens.css?raw';

// a Set: the reduced-motion block declares the durations a second time
const names = (prefix: string) => [
  ...new Set([...css.matchAll(new RegExp(`(--mds-${prefix}[\\w-]*):`, 'g'))].map((match) => match[1] ?? '')),
];

const meta = {
  title: 'Foundations/Tokens',
  parameters: { bleed: false },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const cell = {
  padding: '0.5rem 0.75rem',
  borderBottom: '1px solid var(--mds-color-border)',
  textAlign: 'start' as const,
};

export const Colours: Story = {
  render: () => (
    <table style={{ borderCollapse: 'collapse', fontSize: 'var(--mds-text-sm)' }}>
      <caption style={{ textAlign: 'start', fontWeight: 650, paddingBottom: '0.5rem' }}>
        Colour tokens (switch the mode in the toolbar)
      </caption>
      <thead>
        <tr>
          <th style={cell}>Swatch</th>
          <th style={cell}>Token</th>
        </tr>
      </thead>
      <tbody>
        {names('color').map((name) => (
          <tr key={name}>
            <td style={cell}>
              <span
                style={{
                  display: 'block',
                  width: '3rem',
                  height: '1.5rem',
                  borderRadius: 4,
                  border: '1px solid var(--mds-color-border-strong)',
                  background: `var(${name})`,
                }}
              />
            </td>
            <td style={cell}>
              <code>{name}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  ),
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelectorAll('tbody tr').length).toBeGreaterThan(20);
  },
};

export const Spacing: Story = {
  render: () => (
    <ul style={{ display: 'grid', gap: '0.5rem', listStyle: 'none', padding: 0, margin: 0 }}>
      {names('space').map((name) => (
        <li key={name} style={{ display: 'flex', alignItems: 'center', gap: '1rem' }}>
          <code style={{ width: '10rem' }}>{name}</code>
          <span style={{ height: '1rem', width: `var(${name})`, background: 'var(--mds-color-brand)' }} />
        </li>
      ))}
    </ul>
  ),
};

export const RadiusAndShadow: Story = {
  render: () => (
    <ul style={{ display: 'flex', flexWrap: 'wrap', gap: '1.5rem', listStyle: 'none', padding: 0, margin: 0 }}>
      {[...names('radius'), ...names('shadow')].map((name) => (
        <li key={name} style={{ display: 'grid', gap: '0.5rem', justifyItems: 'center' }}>
          <span
            style={{
              width: '5rem',
              height: '5rem',
              background: 'var(--mds-color-surface)',
              border: '1px solid var(--mds-color-border)',
              ...(name.includes('radius')
                ? { borderRadius: `var(${name})` }
                : { boxShadow: `var(${name})`, borderRadius: 'var(--mds-radius-md)' }),
            }}
          />
          <code>{name}</code>
        </li>
      ))}
    </ul>
  ),
};

export const Typography: Story = {
  render: () => (
    <ul style={{ display: 'grid', gap: '0.75rem', listStyle: 'none', padding: 0, margin: 0 }}>
      {names('text-').map((name) => (
        <li key={name} style={{ display: 'flex', alignItems: 'baseline', gap: '1rem' }}>
          <code style={{ width: '10rem', fontSize: 'var(--mds-text-sm)' }}>{name}</code>
          <span style={{ fontSize: `var(${name})` }}>Made for the long way round</span>
        </li>
      ))}
    </ul>
  ),
};

export const Motion: Story = {
  render: () => (
    <dl style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '0.5rem 1.5rem', margin: 0 }}>
      {[...names('duration'), ...names('ease')].map((name) => (
        <div key={name} style={{ display: 'contents' }}>
          <dt>
            <code>{name}</code>
          </dt>
          <dd style={{ margin: 0 }}>
            {name.includes('duration') ? 'zero under prefers-reduced-motion' : 'easing curve'}
          </dd>
        </div>
      ))}
    </dl>
  ),
};
