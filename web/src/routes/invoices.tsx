import { createRoute } from '@tanstack/react-router';
import { RequirePermission } from '../components/RequirePermission';
import { ForbiddenPage } from '../components/StatusPage';
import { useCan } from '../features/auth/session';
import { InterestCalculatorPage } from '../features/invoices/InterestCalculatorPage';
import { InvoicePage } from '../features/invoices/InvoicePage';
import { PayablesPage, parsePayablesSearch } from '../features/invoices/PayablesPage';
import { PaymentHolidaysPage, parseHolidaySearch } from '../features/invoices/PaymentHolidaysPage';
import { PaymentRatesPage } from '../features/invoices/PaymentRatesPage';
import { appRoute } from './app';

export const invoiceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/invoices/$invoiceId',
  component: function InvoiceRoute() {
    const { invoiceId } = invoiceRoute.useParams();
    return (
      <RequirePermission permission="invoice.read">
        <InvoicePage invoiceId={invoiceId} />
      </RequirePermission>
    );
  },
});

export const payablesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/payables',
  validateSearch: parsePayablesSearch,
  component: function PayablesRoute() {
    return (
      <RequirePermission permission="invoice.read">
        <PayablesPage search={payablesRoute.useSearch()} />
      </RequirePermission>
    );
  },
});

export const interestCalculatorRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/prompt-payment/interest',
  component: function InterestCalculatorRoute() {
    const can = useCan();
    // Finance staff check figures here; administrators keep the rates it uses.
    return can('invoice.read') || can('payment_rates.manage') ? <InterestCalculatorPage /> : <ForbiddenPage />;
  },
});

export const paymentRatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/payment-rates',
  component: function PaymentRatesRoute() {
    return (
      <RequirePermission permission="payment_rates.manage">
        <PaymentRatesPage />
      </RequirePermission>
    );
  },
});

export const paymentHolidaysRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/payment-holidays',
  validateSearch: parseHolidaySearch,
  component: function PaymentHolidaysRoute() {
    return (
      <RequirePermission permission="payment_rates.manage">
        <PaymentHolidaysPage search={paymentHolidaysRoute.useSearch()} />
      </RequirePermission>
    );
  },
});
