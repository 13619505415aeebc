import { notifications } from '@mantine/notifications';

/** Tell the user an action worked. */
export function notifySuccess(message: string, title?: string): void {
  notifications.show({ color: 'green', title, message, autoClose: 4000, closeButtonProps: { 'aria-label': 'Dismiss notification' } });
}

/** Tell the user an action failed, in the API's words. */
export function notifyError(error: unknown, title = 'That did not work'): void {
  const message = error instanceof Error ? error.message : 'Unexpected error.';
  notifications.show({ color: 'red', title, message, autoClose: 8000, closeButtonProps: { 'aria-label': 'Dismiss notification' } });
}
