import { describe, expect, it } from 'vitest';
import { activeFilters, type Facet, toggleFacetValue } from './facets.ts';

const facets: Facet[] = [
  {
    id: 'colour',
    label: 'Colour',
    options: [
      { value: 'green', label: 'Green' },
      { value: 'blue', label: 'Blue' },
    ],
  },
  { id: 'size', label: 'Size', options: [{ value: '42', label: 'EU 42' }] },
];

describe('facet selection', () => {
  it('adds and removes values, dropping empty facets', () => {
    const one = toggleFacetValue({}, 'colour', 'green');
    expect(one).toEqual({ colour: ['green'] });
    const two = toggleFacetValue(one, 'colour', 'blue');
    expect(two).toEqual({ colour: ['green', 'blue'] });
    expect(toggleFacetValue(toggleFacetValue(two, 'colour', 'green'), 'colour', 'blue')).toEqual({});
  });

  it('never mutates the previous selection', () => {
    const before = { colour: ['green'] };
    toggleFacetValue(before, 'colour', 'blue');
    expect(before).toEqual({ colour: ['green'] });
  });

  it('lists active filters in facet order with labels, keeping unknown values', () => {
    expect(activeFilters(facets, { size: ['42'], colour: ['blue', 'teal'] })).toEqual([
      { facetId: 'colour', facetLabel: 'Colour', value: 'blue', label: 'Blue' },
      { facetId: 'colour', facetLabel: 'Colour', value: 'teal', label: 'teal' },
      { facetId: 'size', facetLabel: 'Size', value: '42', label: 'EU 42' },
    ]);
  });
});
