/** The navigation icon of the milestones pages (a flag on a timeline); decorative, hidden from screen readers. */
import { Icon } from '../../components/icons';

export const MilestoneIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <path d="M3 20h18" />
    <path d="M7 20V5" />
    <path d="M7 5h9l-2 3 2 3H7" />
    <circle cx="17" cy="20" r="1.2" />
  </Icon>
);
