/** Icons of the invoice pages (decorative, hidden from screen readers like the other icons). */
import { Icon } from '../../components/icons';

/** A receipt with a torn edge: invoices and payables. */
export const InvoiceIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <path d="M6 3h12v18l-2-1.5-2 1.5-2-1.5-2 1.5-2-1.5L6 21z" />
    <path d="M9 8h6M9 12h6M9 16h3" />
  </Icon>
);

/** A percent sign in a circle: interest rates. */
export const RateIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <circle cx="12" cy="12" r="9" />
    <path d="M9 15l6-6" />
    <circle cx="9.5" cy="9.5" r="0.8" />
    <circle cx="14.5" cy="14.5" r="0.8" />
  </Icon>
);

/** A calendar with a star: payment holidays. */
export const HolidayIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <rect x="4" y="5" width="16" height="16" rx="2" />
    <path d="M8 3v4M16 3v4M4 10h16" />
    <path d="M12 12.5l1 2 2.2.3-1.6 1.5.4 2.2-2-1.1-2 1.1.4-2.2-1.6-1.5 2.2-.3z" />
  </Icon>
);

/** A calculator: the interest calculator. */
export const CalculatorIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <rect x="5" y="3" width="14" height="18" rx="2" />
    <path d="M8 7h8M8 11h.01M12 11h.01M16 11h.01M8 15h.01M12 15h.01M16 15v3M8 18h4" />
  </Icon>
);
