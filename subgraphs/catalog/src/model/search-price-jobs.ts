import type { PeriodicJob } from '@meridian/kit';
import { reconcileSearchPrices, refreshStaleSearchPrices } from './search-prices.ts';

/**
 * Keeps product_search_prices true without a write: rows whose list window opened or closed are
 * recomputed (search already computes those live meanwhile), and a slice of the catalog is rechecked
 * each run, which catches a price written by something that did not maintain the table.
 */
export const searchPriceJobs: PeriodicJob[] = [
  {
    name: 'catalog.refresh-search-prices',
    everySeconds: 60,
    run: async (tx, tenant) => {
      await refreshStaleSearchPrices(tx);
      await reconcileSearchPrices(tx, tenant.id);
    },
  },
];
