export { OrderSummary, type OrderSummaryProps, type SummaryLine } from './order-summary.tsx';
